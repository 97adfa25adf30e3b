package dev.mlaas.server.training;

import java.io.IOException;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.mlaas.server.datasets.Records;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused MLP loop is a faster way to get what DL4J's fit gives, not a different trainer: same parameters within
 * float rounding, bit-identical runs, and the service's MLPs really train in it.
 */
class FusedMlpTrainingTests {

	/**
	 * Float rounding only. Measured: at most 1.2e-7 (one or two ulps) after these 4 epochs, 6e-7 after 50 epochs of
	 * the reference MLP; the gemms are called with other layouts than DL4J's layers use. Wrong semantics move
	 * parameters by far more: l2 on biases too 4e-3 to 3e-2, an Adam step count off by one 1e-2.
	 */
	private static final double TOLERANCE = 1e-5;

	// 230 records in batches of 50 leave a last batch of 30, so both batch sizes are covered
	private static final Records RECORDS = FusedLoopChecks.randomRecords(230, new int[] { 40 }, 5, 11,
			random -> random.nextBoolean() ? 1 : 0);

	@Test
	void adamGivesTheParametersDl4jsFitGives() throws IOException {
		assertSameAsFit(recipe(TrainingRecipe.ADAM, 0.01, 0.0));
	}

	@Test
	void sgdGivesTheParametersDl4jsFitGives() throws IOException {
		assertSameAsFit(recipe(TrainingRecipe.SGD, 0.1, 0.0));
	}

	@Test
	void l2WithSgdGivesTheParametersDl4jsFitGives() throws IOException {
		assertSameAsFit(recipe(TrainingRecipe.SGD, 0.1, 0.05));
	}

	@Test
	void l2WithAdamGivesTheParametersDl4jsFitGives() throws IOException {
		assertSameAsFit(recipe(TrainingRecipe.ADAM, 0.01, 0.05));
	}

	@Test
	void theSameSeedGivesBitIdenticalParameters() throws IOException {
		TrainingRecipe recipe = recipe(TrainingRecipe.ADAM, 0.01, 0.01);
		FusedLoopChecks.assertBitIdentical(recipe, RECORDS, 5, Trainer.Loop.FUSED_MLP);
	}

	@Test
	void anMlpRecipeTrainsInTheFusedLoop() {
		Trainer.Result result = Trainer.train(TrainingRecipe.serviceDefault(new int[] { 40 }, 1), RECORDS, 5,
				epoch -> {
				});
		assertThat(result.loop()).isEqualTo(Trainer.Loop.FUSED_MLP);
	}

	@Test
	void aCnnIsNotForTheFusedMlpLoop() {
		TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.CNN, List.of(8), 1, 50, 0.001, TrainingRecipe.ADAM,
				0, 1);
		MultiLayerNetwork cnn = new MultiLayerNetwork(NetworkFactory.build(recipe, new int[] { 12, 12 }, 3));
		cnn.init();
		assertThat(FusedMlpTrainer.supports(cnn)).isFalse();
	}

	@Test
	void withDropoutItTakesFitsGradientWhenFitDropsTheSameInputs() {
		FusedLoopChecks.assertGradientIsFitsGivenTheSameMasks(withDropout(0.5), RECORDS, 5, 0, FusedMlpTrainer::new,
				TOLERANCE);
	}

	@Test
	void theSameSeedGivesBitIdenticalParametersWithDropout() throws IOException {
		FusedLoopChecks.assertBitIdentical(withDropout(0.25), RECORDS, 5, Trainer.Loop.FUSED_MLP);
		assertThat(Trainer.train(withDropout(0.25), RECORDS, 5, epoch -> {
		}).loop()).isEqualTo(Trainer.Loop.FUSED_MLP);
	}

	@Test
	void aNetworkWithAnotherKindOfDropoutIsLeftToDl4jsFit() {
		MultiLayerNetwork gaussian = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
			.updater(new Adam(0.01))
			.list()
			.layer(new DenseLayer.Builder().nOut(8)
				.activation(Activation.TANH)
				.dropOut(new org.deeplearning4j.nn.conf.dropout.GaussianDropout(0.5))
				.build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.feedForward(40))
			.build());
		gaussian.init();
		assertThat(FusedMlpTrainer.supports(gaussian)).isFalse();
	}

	private static TrainingRecipe withDropout(double dropout) {
		return new TrainingRecipe(TrainingRecipe.MLP, List.of(16, 8), 2, 50, 0.01, TrainingRecipe.ADAM, 0.0, 3,
				TrainingRecipe.XAVIER, null, null, dropout, null, null);
	}

	private static void assertSameAsFit(TrainingRecipe recipe) throws IOException {
		FusedLoopChecks.assertSameAsFit(recipe, RECORDS, 5, Trainer.Loop.FUSED_MLP, TOLERANCE);
	}

	private static TrainingRecipe recipe(String optimizer, double learningRate, double l2) {
		return new TrainingRecipe(TrainingRecipe.MLP, List.of(16, 8), 4, 50, learningRate, optimizer, l2, 3);
	}

}
