package dev.mlaas.server.training;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

import dev.mlaas.server.datasets.Records;
import dev.mlaas.server.models.StackedModel;

/**
 * Trains ML-Leaks' stacking defense: the records are shuffled by the recipe's seed and cut into three disjoint
 * thirds; model 1 (the recipe's network) learns the first, model 2 (a random forest, the service's default size)
 * the second, and model 3 (logistic regression) learns the third from models 1 and 2's posteriors on it. No record
 * is seen by more than one part, which is what the defense relies on: the combiner learns from posteriors of
 * records the first two never trained on.
 */
final class StackingTrainer {

	private StackingTrainer() {
	}

	static Result train(TrainingRecipe recipe, Records records, int numClasses, TrainingProperties properties,
			IntConsumer epochDone) {
		int[][] parts = thirds(records.size(), recipe.seed());
		TrainingRecipe single = new TrainingRecipe(recipe.architecture(), recipe.hiddenUnits(), recipe.epochs(),
				recipe.batchSize(), recipe.learningRate(), recipe.optimizer(), recipe.l2(), recipe.seed(),
				recipe.weightInit(), null, null, recipe.dropout(), null, null);
		Trainer.Result network = Trainer.train(single, subset(records, parts[0]), numClasses, epochDone);
		TribuoTrainer.Result forest = TribuoTrainer.train(TrainingRecipe.randomForest(properties.defaultTrees(),
				properties.defaultMaxDepth(), recipe.seed() + 1), subset(records, parts[1]));
		Records third = subset(records, parts[2]);
		float[] combinerInput = StackedModel.combinerInput(network.network(), forest.model(), third.features(),
				third.size(), records.numFeatures(), numClasses);
		TribuoTrainer.Result combiner = TribuoTrainer.train(
				TrainingRecipe.logisticRegression(TrainingService.LOGISTIC_REGRESSION_EPOCHS,
						TrainingService.LOGISTIC_REGRESSION_BATCH, TrainingService.LOGISTIC_REGRESSION_LEARNING_RATE,
						recipe.seed() + 2),
				new Records(combinerInput, third.labels(), new int[] { 2 * numClasses }));
		StackedModel stack = new StackedModel(network.network(), forest.model(), combiner.model());
		float[] posteriors = stack.predict(records.features(), records.size(), records.numFeatures(), numClasses);
		long correct = 0;
		for (int i = 0; i < records.size(); i++) {
			int best = 0;
			for (int k = 1; k < numClasses; k++) {
				if (posteriors[i * numClasses + k] > posteriors[i * numClasses + best]) {
					best = k;
				}
			}
			if (best == records.labels()[i]) {
				correct++;
			}
		}
		return new Result(stack, StackedModel.serialize(network.weights(), forest.weights(), combiner.weights()),
				(double) correct / records.size(), parts);
	}

	/** The record indices of each third: a shuffle by {@code seed}, cut in three (sizes differ by at most one). */
	static int[][] thirds(int n, long seed) {
		int[] order = java.util.stream.IntStream.range(0, n).toArray();
		// a generator of its own: the network's batch order draws from one seeded with the recipe's seed itself
		Random random = new Random(seed ^ 0x57AC4ED5EEDL);
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		int[][] parts = new int[3][];
		for (int k = 0; k < 3; k++) {
			parts[k] = Arrays.copyOfRange(order, k * n / 3, (k + 1) * n / 3);
		}
		return parts;
	}

	static Records subset(Records records, int[] rows) {
		int width = records.numFeatures();
		float[] features = new float[rows.length * width];
		int[] labels = new int[rows.length];
		for (int i = 0; i < rows.length; i++) {
			System.arraycopy(records.features(), rows[i] * width, features, i * width, width);
			labels[i] = records.labels()[rows[i]];
		}
		return new Records(features, labels, records.recordShape());
	}

	/** The stack, its stored form, its accuracy on all the records, and which records each part learned. */
	record Result(StackedModel model, byte[] weights, double trainingAccuracy, int[][] parts) {
	}

}
