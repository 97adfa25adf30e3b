package dev.mlaas.attacker.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.evaluation.CrossValidation;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The local model that learns membership from attack features: the ML-Leaks MLP ({@link AttackMlp}, the default),
 * an RBF SVM whose C and gamma 5-fold cross-validation picks from the IJSRCSEIT paper's grid (Tribuo's LibSVM), or
 * L2-regularized logistic regression (Tribuo's LibLinear).
 *
 * @param kind {@code mlp}, {@code svm} or {@code lr}
 * @param mlp the MLP's settings; its seed seeds the other kinds' random choices too
 */
public record AttackModel(String kind, AttackMlp.Settings mlp) {

	public static final List<String> KINDS = List.of("mlp", "svm", "lr");

	/** The IJSRCSEIT grid. */
	static final double[] SVM_COSTS = { 0.1, 1, 10 };

	static final double[] SVM_GAMMAS = { 0.001, 0.01, 0.1 };

	/**
	 * Rows the grid search cross-validates on at most, a seeded sample of them; the chosen C and gamma then train on
	 * every row. LibSVM's time grows with the square of the rows and more: measured on two cores, the search took
	 * 32 s on adversary 1's 5,000 rows and had not ended after 4 minutes on the combining attack's 15,000.
	 */
	static final int SVM_SEARCH_ROWS = 5000;

	private static final String MEMBER = "member";

	public AttackModel {
		kind = kind.toLowerCase(Locale.ROOT);
		if (!KINDS.contains(kind)) {
			throw new IllegalArgumentException(
					"unknown attack model '" + kind + "'; the attack models are " + String.join(", ", KINDS));
		}
	}

	/** The ML-Leaks MLP. */
	public static AttackModel mlp(AttackMlp.Settings settings) {
		return new AttackModel("mlp", settings);
	}

	/** A model trained on rows of attack features, each a member's or not. */
	public interface Trained {

		/** The probability that each row's record is a member. */
		double[] memberProbability(float[][] features);

		/** What the report should say about how it was chosen (the SVM's cross-validated C and gamma). */
		default Map<String, Object> details() {
			return Map.of();
		}

	}

	/** The same model with another seed (Shokri's per-class models each take their own). */
	public AttackModel withSeed(long seed) {
		AttackMlp.Settings m = this.mlp;
		return new AttackModel(this.kind,
				new AttackMlp.Settings(m.hiddenUnits(), m.epochs(), m.batchSize(), m.learningRate(), seed));
	}

	public Trained train(float[][] features, boolean[] members) {
		return switch (this.kind) {
			case "mlp" -> {
				AttackMlp model = AttackMlp.train(features, members, this.mlp);
				yield model::memberProbability;
			}
			case "svm" -> svm(features, members);
			default -> tribuo(new LibLinearClassificationTrainer(
					new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 0.01,
					this.mlp.seed()), dataset(features, members), Map.of("solver", "L2R_LR", "C", 1.0));
		};
	}

	private Trained svm(float[][] features, boolean[] members) {
		MutableDataset<Label> data = dataset(features, members);
		MutableDataset<Label> searched = data;
		if (features.length > SVM_SEARCH_ROWS) {
			int[] sample = java.util.Arrays.copyOf(
					dev.mlaas.attacker.data.Shuffle.permutation(features.length, this.mlp.seed()), SVM_SEARCH_ROWS);
			float[][] rows = new float[sample.length][];
			boolean[] kinds = new boolean[sample.length];
			for (int i = 0; i < sample.length; i++) {
				rows[i] = features[sample[i]];
				kinds[i] = members[sample[i]];
			}
			searched = dataset(rows, kinds);
		}
		double bestAccuracy = -1;
		double bestCost = 0;
		double bestGamma = 0;
		Map<String, Double> grid = new LinkedHashMap<>();
		for (double cost : SVM_COSTS) {
			for (double gamma : SVM_GAMMAS) {
				CrossValidation<Label, LabelEvaluation> folds = new CrossValidation<>(svmTrainer(cost, gamma),
						searched, new LabelEvaluator(), 5, this.mlp.seed());
				double accuracy = 0;
				List<Pair<LabelEvaluation, Model<Label>>> results = folds.evaluate();
				for (Pair<LabelEvaluation, Model<Label>> fold : results) {
					accuracy += fold.getA().accuracy() / results.size();
				}
				grid.put("C=" + cost + ",gamma=" + gamma, Math.round(accuracy * 10000) / 10000.0);
				// ties keep the first, the smallest C and gamma: the simplest model
				if (accuracy > bestAccuracy) {
					bestAccuracy = accuracy;
					bestCost = cost;
					bestGamma = gamma;
				}
			}
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("C", bestCost);
		details.put("gamma", bestGamma);
		details.put("crossValidatedAccuracy", grid);
		details.put("crossValidatedRows", searched.size());
		return tribuo(svmTrainer(bestCost, bestGamma), data, details);
	}

	private LibSVMClassificationTrainer svmTrainer(double cost, double gamma) {
		SVMParameters<Label> parameters = new SVMParameters<>(
				new SVMClassificationType(SVMClassificationType.SVMMode.C_SVC), KernelType.RBF);
		parameters.setCost(cost);
		parameters.setGamma(gamma);
		parameters.setProbability();
		return new LibSVMClassificationTrainer(parameters, this.mlp.seed());
	}

	private static Trained tribuo(Trainer<Label> trainer, MutableDataset<Label> data, Map<String, Object> details) {
		Model<Label> model = trainer.train(data);
		return new Trained() {

			@Override
			public double[] memberProbability(float[][] features) {
				List<Example<Label>> examples = new ArrayList<>(features.length);
				for (float[] row : features) {
					examples.add(example(row, LabelFactory.UNKNOWN_LABEL));
				}
				List<Prediction<Label>> predictions = model.predict(examples);
				double[] probabilities = new double[features.length];
				for (int i = 0; i < features.length; i++) {
					Label member = predictions.get(i).getOutputScores().get(MEMBER);
					probabilities[i] = (member != null) ? member.getScore() : 0;
				}
				return probabilities;
			}

			@Override
			public Map<String, Object> details() {
				return details;
			}

		};
	}

	private static MutableDataset<Label> dataset(float[][] features, boolean[] members) {
		LabelFactory labels = new LabelFactory();
		MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("attack features", labels),
				labels);
		for (int i = 0; i < features.length; i++) {
			data.add(example(features[i], new Label(members[i] ? MEMBER : "non-member")));
		}
		return data;
	}

	private static Example<Label> example(float[] row, Label label) {
		String[] names = new String[row.length];
		double[] values = new double[row.length];
		for (int f = 0; f < row.length; f++) {
			names[f] = String.format("a%04d", f);
			values[f] = row[f];
		}
		return new ArrayExample<>(label, names, values);
	}

}
