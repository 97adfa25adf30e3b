package dev.mlaas.server.training;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything that decides how a model is trained; stored with the job and the model as their provenance, so the
 * same recipe on the same data gives the same weights.
 *
 * @param architecture {@code mlp} or {@code cnn} (networks), {@code random-forest} or {@code logistic-regression}
 * (Tribuo)
 * @param weightInit {@code xavier} (DL4J's Xavier, the default) or {@code uniform} (U(-1/sqrt(fan in),
 * 1/sqrt(fan in)), PyTorch's default for dense layers); recipes stored before it existed read as {@code xavier}
 * @param trees a random forest's tree count, otherwise {@code null}
 * @param maxDepth a random forest's depth limit, otherwise {@code null}
 * @param dropout a network's dropout ratio (ML-Leaks' defense): the share of each dense layer's inputs (the
 * network's input for an MLP's first layer, the hidden activations after it; the convolutions' output for the CNN)
 * zeroed at random in training, none when serving; null for none (so recipes stored before it existed read the same)
 * @param dpSgd a network's differentially private training and the privacy it spends; null for plain training
 * @param stacking whether the model is ML-Leaks' stack: this network, a random forest and a logistic regression
 * over their posteriors, each trained on its own third of the records; null for a single model
 */
record TrainingRecipe(String architecture, List<Integer> hiddenUnits, int epochs, int batchSize, double learningRate,
		String optimizer, double l2, long seed, String weightInit, Integer trees, Integer maxDepth,
		@JsonInclude(JsonInclude.Include.NON_NULL) Double dropout, @JsonInclude(JsonInclude.Include.NON_NULL) DpSgd dpSgd,
		@JsonInclude(JsonInclude.Include.NON_NULL) Boolean stacking) {

	TrainingRecipe(String architecture, List<Integer> hiddenUnits, int epochs, int batchSize, double learningRate,
			String optimizer, double l2, long seed, String weightInit, Integer trees, Integer maxDepth) {
		this(architecture, hiddenUnits, epochs, batchSize, learningRate, optimizer, l2, seed, weightInit, trees,
				maxDepth, null, null, null);
	}

	static final String XAVIER = "xavier";

	static final String UNIFORM = "uniform";

	TrainingRecipe {
		boolean network = MLP.equals(architecture) || CNN.equals(architecture);
		// none is written as absent, as recipes stored before dropout existed read
		dropout = (dropout != null && dropout > 0) ? dropout : null;
		stacking = Boolean.TRUE.equals(stacking) ? Boolean.TRUE : null;
		weightInit = (weightInit != null || !network) ? weightInit : XAVIER;
	}

	TrainingRecipe(String architecture, List<Integer> hiddenUnits, int epochs, int batchSize, double learningRate,
			String optimizer, double l2, long seed) {
		this(architecture, hiddenUnits, epochs, batchSize, learningRate, optimizer, l2, seed, XAVIER, null, null);
	}

	static final String RANDOM_FOREST = "random-forest";

	static final String LOGISTIC_REGRESSION = "logistic-regression";

	static final String ADAGRAD = "adagrad";

	/** A random forest: {@code trees} CART trees, each split among sqrt(features) random features. */
	static TrainingRecipe randomForest(int trees, int maxDepth, long seed) {
		return new TrainingRecipe(RANDOM_FOREST, List.of(), 1, 0, 0, null, 0, seed, null, trees, maxDepth);
	}

	/** Multinomial logistic regression trained by AdaGrad on minibatches. */
	static TrainingRecipe logisticRegression(int epochs, int batchSize, double learningRate, long seed) {
		return new TrainingRecipe(LOGISTIC_REGRESSION, List.of(), epochs, batchSize, learningRate, ADAGRAD, 0, seed,
				null, null, null);
	}

	/** Whether Tribuo trains this recipe rather than DL4J. */
	boolean isTribuo() {
		return RANDOM_FOREST.equals(this.architecture) || LOGISTIC_REGRESSION.equals(this.architecture);
	}

	static final String MLP = "mlp";

	static final String CNN = "cnn";

	static final String ADAM = "adam";

	static final String SGD = "sgd";

	/** The ML-Leaks CNN's two 5x5/3x3 convolutions and 2x2 poolings leave nothing of smaller images. */
	static final int CNN_MIN_SIDE = 12;

	/** The service's own choice for data of this shape (the ML-Leaks reference settings). */
	static TrainingRecipe serviceDefault(int[] recordShape, long seed) {
		String architecture = fitsCnn(recordShape) ? CNN : MLP;
		return new TrainingRecipe(architecture, List.of(128), 50, 100, 0.001, ADAM, 0.0, seed);
	}

	static boolean fitsCnn(int[] recordShape) {
		return recordShape.length == 2 && recordShape[0] >= CNN_MIN_SIDE && recordShape[1] >= CNN_MIN_SIDE;
	}

}
