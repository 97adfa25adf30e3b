package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import dev.mlaas.server.datasets.Records;
import dev.mlaas.server.models.TribuoModels;

/**
 * Trains the service's non-network models with Tribuo: random forests (CART trees on bootstrap samples, each split
 * among sqrt(features) random features, votes weighted by each tree's class distribution, as scikit-learn's
 * {@code RandomForestClassifier} does) and multinomial logistic regression (AdaGrad on the log loss). The recipe's
 * seed fixes every random choice.
 */
final class TribuoTrainer {

	/** Tribuo's and scikit-learn's default: a node with fewer examples is not split. */
	private static final float MIN_CHILD_WEIGHT = 5f;

	private TribuoTrainer() {
	}

	static Result train(TrainingRecipe recipe, Records records) {
		String[] names = TribuoModels.featureNames(records.numFeatures());
		LabelFactory labels = new LabelFactory();
		MutableDataset<Label> dataset = new MutableDataset<>(
				new SimpleDataSourceProvenance("mlaas dataset", labels), labels);
		List<Example<Label>> examples = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			examples.add(TribuoModels.example(names, records.features(), i,
					labels.generateOutput(Integer.toString(records.labels()[i]))));
		}
		dataset.addAll(examples);
		Model<Label> model = trainer(recipe, records.numFeatures()).train(dataset);
		List<Prediction<Label>> predictions = model.predict(dataset);
		long correct = 0;
		for (int i = 0; i < records.size(); i++) {
			if (predictions.get(i).getOutput().getLabel().equals(Integer.toString(records.labels()[i]))) {
				correct++;
			}
		}
		return new Result(model, TribuoModels.serialize(model), (double) correct / records.size());
	}

	private static Trainer<Label> trainer(TrainingRecipe recipe, int numFeatures) {
		if (TrainingRecipe.RANDOM_FOREST.equals(recipe.architecture())) {
			float fraction = (float) (Math.max(1, Math.round(Math.sqrt(numFeatures))) / (double) numFeatures);
			CARTClassificationTrainer tree = new CARTClassificationTrainer(recipe.maxDepth(), MIN_CHILD_WEIGHT, 0f,
					fraction, false, new GiniIndex(), recipe.seed());
			return new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), recipe.trees(), recipe.seed());
		}
		return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(recipe.learningRate(), 0.1), recipe.epochs(),
				Integer.MAX_VALUE, recipe.batchSize(), recipe.seed());
	}

	/** The trained model, its stored form and its accuracy on the training records. */
	record Result(Model<Label> model, byte[] weights, double trainingAccuracy) {
	}

}
