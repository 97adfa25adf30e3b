package dev.mlaas.server.training;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import dev.mlaas.server.datasets.Records;
import dev.mlaas.server.models.TribuoModels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Random forests and logistic regression: they learn, their stored form answers alike, and seeds fix them. */
class TribuoTrainerTests {

	private static final int CLASSES = 3;

	private static final int FEATURES = 12;

	@Test
	void aRandomForestLearnsSeparableClassesAndItsStoredFormAnswersAlike() throws Exception {
		Records records = clusters(150, 1);
		TribuoTrainer.Result result = TribuoTrainer.train(TrainingRecipe.randomForest(20, 16, 5), records);

		assertThat(result.trainingAccuracy()).isGreaterThan(0.95);
		assertSameAnswers(result, records);
	}

	@Test
	void logisticRegressionLearnsSeparableClassesAndItsStoredFormAnswersAlike() throws Exception {
		Records records = clusters(150, 2);
		TribuoTrainer.Result result = TribuoTrainer.train(TrainingRecipe.logisticRegression(10, 10, 0.1, 5), records);

		assertThat(result.trainingAccuracy()).isGreaterThan(0.95);
		assertSameAnswers(result, records);
	}

	@Test
	void theSameSeedGivesTheSameForestAndAnotherSeedAnother() {
		Records records = clusters(150, 3);
		byte[] first = TribuoTrainer.train(TrainingRecipe.randomForest(5, 8, 11), records).weights();
		byte[] again = TribuoTrainer.train(TrainingRecipe.randomForest(5, 8, 11), records).weights();
		byte[] other = TribuoTrainer.train(TrainingRecipe.randomForest(5, 8, 12), records).weights();

		assertThat(posteriors(restore(again), records)).isDeepEqualTo(posteriors(restore(first), records));
		assertThat(java.util.Arrays.deepEquals(posteriors(restore(other), records), posteriors(restore(first), records)))
			.isFalse();
	}

	@Test
	void aDepthOneForestCannotSeparateThreeClasses() {
		Records records = clusters(150, 4);
		double stumps = TribuoTrainer.train(TrainingRecipe.randomForest(1, 1, 5), records).trainingAccuracy();

		assertThat(stumps).isLessThan(0.8);
	}

	private static void assertSameAnswers(TribuoTrainer.Result result, Records records) throws Exception {
		double[][] inMemory = posteriors(result.model(), records);
		double[][] stored = posteriors(restore(result.weights()), records);
		assertThat(stored).isDeepEqualTo(inMemory);
		for (double[] row : inMemory) {
			assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-6));
		}
	}

	private static Model<Label> restore(byte[] stored) {
		return TribuoModels.deserialize(stored);
	}

	private static double[][] posteriors(Model<Label> model, Records records) {
		String[] names = TribuoModels.featureNames(FEATURES);
		double[][] out = new double[records.size()][CLASSES];
		for (int i = 0; i < records.size(); i++) {
			Prediction<Label> prediction = model
				.predict(TribuoModels.example(names, records.features(), i, LabelFactory.UNKNOWN_LABEL));
			for (int k = 0; k < CLASSES; k++) {
				Label label = prediction.getOutputScores().get(Integer.toString(k));
				out[i][k] = (label != null) ? label.getScore() : 0;
			}
		}
		return out;
	}

	/** Three Gaussian clusters far apart in {@value #FEATURES} dimensions. */
	private static Records clusters(int n, long seed) {
		Random random = new Random(seed);
		float[] features = new float[n * FEATURES];
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = i % CLASSES;
			for (int j = 0; j < FEATURES; j++) {
				features[i * FEATURES + j] = (float) (random.nextGaussian() + ((j % CLASSES == labels[i]) ? 3 : 0));
			}
		}
		return new Records(features, labels, new int[] { FEATURES });
	}


}
