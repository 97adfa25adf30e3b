package dev.mlaas.server.training;

import java.util.List;

/**
 * How much work a training job is, counted before it runs so that an oversized job is refused at submission: a
 * network's parameters x records x epochs (each epoch does a forward and a backward pass over every parameter for
 * every record), a random forest's trees x records x features, logistic regression's features x classes x records x
 * epochs. A unit is not a fixed time (a convolution's parameters are used many times a record), but the ML-Leaks
 * reference jobs measure 1.1e10 (MLP) to 1.4e10 (CNN), about 2 and 60 seconds on one core of this machine. A network
 * whose loop is slower than the plain one counts as much more: DP-SGD (see {@link #loopFactor}).
 */
final class TrainingWork {

	private TrainingWork() {
	}

	static double of(TrainingRecipe recipe, int[] recordShape, int records, int classes) {
		int features = java.util.Arrays.stream(recordShape).reduce(1, Math::multiplyExact);
		if (TrainingRecipe.RANDOM_FOREST.equals(recipe.architecture())) {
			return (double) recipe.trees() * records * features;
		}
		if (TrainingRecipe.LOGISTIC_REGRESSION.equals(recipe.architecture())) {
			return (double) features * classes * records * recipe.epochs();
		}
		double work = parameters(recipe, recordShape, classes) * records * recipe.epochs() * loopFactor(recipe);
		// a stack trains its network on a third of the records, then a default forest and a logistic regression
		return (recipe.stacking() != null) ? work / 3 : work;
	}

	/**
	 * How many times a plain epoch this recipe's epoch takes: the upper ends the training benchmark's {@code defenses}
	 * part measured on the Intel Xeon, 2026-12-06 (README, "What the training-time defenses cost"). DP-SGD clips an
	 * MLP's records together (2.0-2.5x) but a CNN's one by one (4.3-5.5x); dropout trains in the fused loops about
	 * as fast as without (MLP 0.85-1.07x, CNN 0.83-1.13x).
	 */
	static double loopFactor(TrainingRecipe recipe) {
		boolean cnn = TrainingRecipe.CNN.equals(recipe.architecture());
		if (recipe.dpSgd() != null) {
			return cnn ? 5.5 : 2.5;
		}
		return 1.0;
	}

	/** The network's parameter count: weights and biases of every layer (ML-Leaks' MLP or CNN). */
	static double parameters(TrainingRecipe recipe, int[] recordShape, int classes) {
		double count = 0;
		long inputs;
		if (TrainingRecipe.CNN.equals(recipe.architecture())) {
			// conv 5x5 (32), max-pool 2, conv 3x3 (32), max-pool 2, as NetworkFactory builds it
			count += 5 * 5 * 32 + 32 + 3 * 3 * 32 * 32 + 32;
			long height = ((recordShape[0] - 4) / 2 - 2) / 2;
			long width = ((recordShape[1] - 4) / 2 - 2) / 2;
			inputs = 32 * height * width;
		}
		else {
			inputs = java.util.Arrays.stream(recordShape).reduce(1, Math::multiplyExact);
		}
		List<Integer> layers = new java.util.ArrayList<>(recipe.hiddenUnits());
		layers.add(classes);
		for (int units : layers) {
			count += (double) inputs * units + units;
			inputs = units;
		}
		return count;
	}

}
