package dev.mlaas.server.training;

import java.util.List;

/**
 * Everything that decides how a network is trained; stored with the job and the model as their provenance, so the
 * same recipe on the same data gives the same weights.
 */
record TrainingRecipe(String architecture, List<Integer> hiddenUnits, int epochs, int batchSize, double learningRate,
		String optimizer, double l2, long seed) {

	static final String MLP = "mlp";

	static final String CNN = "cnn";

	static final String ADAM = "adam";

	static final String SGD = "sgd";

	/** The service's own choice for data of this shape (the ML-Leaks reference settings). */
	static TrainingRecipe serviceDefault(int[] recordShape, long seed) {
		String architecture = (recordShape.length == 2) ? CNN : MLP;
		return new TrainingRecipe(architecture, List.of(128), 50, 100, 0.001, ADAM, 0.0, seed);
	}

}
