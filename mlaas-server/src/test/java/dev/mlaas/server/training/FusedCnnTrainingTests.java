package dev.mlaas.server.training;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.mlaas.server.datasets.Records;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused CNN loop is a faster way to get what DL4J's fit gives, not a different trainer: fit's gradient and step
 * at every step of fit's training, within float rounding; bit-identical runs; and the service's CNNs really train in
 * it. These hold whichever kernels oneDNN and OpenBLAS pick for the CPU: the build runs them again with oneDNN held to
 * AVX2 and to SSE4.1.
 */
class FusedCnnTrainingTests {

	/**
	 * Float rounding only, relative to each parameter array's largest gradient. Measured over these 10 steps with
	 * Adam: at most 2.8e-6 on an Intel Xeon with AVX-512 (Winograd backward passes), 3.2e-6 with oneDNN held to AVX2.
	 * Without the second convolution's ReLU mask: 0.86 at the first step.
	 */
	private static final double GRADIENT_TOLERANCE = 1e-4;

	/**
	 * One SGD step from the same parameters, float rounding only: measured at most 3e-8 (two ulps), with and without
	 * l2, on AVX-512 and with oneDNN held to SSE4.1.
	 */
	private static final double STEP_TOLERANCE = 1e-6;

	private static final int SIDE = 16;

	// 230 records in batches of 50 leave a last batch of 30, so both batch sizes are covered
	private static final Records IMAGES = FusedLoopChecks.randomRecords(230, new int[] { SIDE, SIDE }, 3, 11,
			Random::nextFloat);

	@Test
	void sgdTakesFitsStepAtEveryStep() {
		assertStepsMatchFit(recipe(TrainingRecipe.SGD, 0.05, 0.0));
	}

	@Test
	void l2WithSgdTakesFitsStepAtEveryStep() {
		assertStepsMatchFit(recipe(TrainingRecipe.SGD, 0.05, 0.05));
	}

	@Test
	void adamTrainingTakesFitsGradientAtEveryStep() {
		assertStepsMatchFit(recipe(TrainingRecipe.ADAM, 0.01, 0.0));
	}

	@Test
	void l2WithAdamTrainingTakesFitsGradientAtEveryStep() {
		assertStepsMatchFit(recipe(TrainingRecipe.ADAM, 0.01, 0.05));
	}

	@Test
	void theSameSeedGivesBitIdenticalParameters() throws IOException {
		TrainingRecipe recipe = recipe(TrainingRecipe.ADAM, 0.01, 0.01);
		FusedLoopChecks.assertBitIdentical(recipe, IMAGES, 3, Trainer.Loop.FUSED_CNN);
	}

	@Test
	void theServicesCnnRecipeTrainsInTheFusedLoop() {
		TrainingRecipe recipe = TrainingRecipe.serviceDefault(new int[] { SIDE, SIDE }, 1);
		assertThat(recipe.architecture()).isEqualTo(TrainingRecipe.CNN);
		TrainingRecipe oneEpoch = new TrainingRecipe(recipe.architecture(), recipe.hiddenUnits(), 1,
				recipe.batchSize(), recipe.learningRate(), recipe.optimizer(), recipe.l2(), recipe.seed());
		assertThat(Trainer.train(oneEpoch, IMAGES, 3, epoch -> {
		}).loop()).isEqualTo(Trainer.Loop.FUSED_CNN);
	}

	@Test
	void theMlLeaksCnnsPoolingLayersRunInThePlainLoops() {
		TrainingRecipe recipe = TrainingRecipe.serviceDefault(new int[] { 28, 28 }, 1);
		MultiLayerNetwork cnn = new MultiLayerNetwork(NetworkFactory.build(recipe, new int[] { 28, 28 }, 10));
		cnn.init();
		FusedCnnTrainer trainer = new FusedCnnTrainer(cnn, Nd4j.create(DataType.FLOAT, 1, 28 * 28),
				Nd4j.create(DataType.FLOAT, 1, 10));
		// both of its 2 x 2 max poolings: oneDNN's reference kernel took most of an epoch on CPUs without AVX-512
		assertThat(trainer.plainPoolingLayers()).isEqualTo(2);
	}

	@Test
	void anMlpIsNotForTheFusedCnnLoop() {
		MultiLayerNetwork mlp = new MultiLayerNetwork(
				NetworkFactory.build(TrainingRecipe.serviceDefault(new int[] { 40 }, 1), new int[] { 40 }, 5));
		mlp.init();
		assertThat(FusedCnnTrainer.supports(mlp)).isFalse();
	}

	@Test
	void withDropoutItTakesFitsGradientWhenFitDropsTheSameInputs() {
		TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.CNN, List.of(16), 2, 50, 0.01, TrainingRecipe.ADAM,
				0.0, 3, TrainingRecipe.XAVIER, null, null, 0.5, null, null);
		// two convolutions and two poolings, then the dense layers
		FusedLoopChecks.assertGradientIsFitsGivenTheSameMasks(recipe, IMAGES, 3, 4, FusedCnnTrainer::new,
				GRADIENT_TOLERANCE);
	}

	@Test
	void theSameSeedGivesBitIdenticalParametersWithDropout() throws IOException {
		TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.CNN, List.of(16), 2, 50, 0.01, TrainingRecipe.ADAM,
				0.0, 3, TrainingRecipe.XAVIER, null, null, 0.5, null, null);
		FusedLoopChecks.assertBitIdentical(recipe, IMAGES, 3, Trainer.Loop.FUSED_CNN);
		assertThat(Trainer.train(recipe, IMAGES, 3, epoch -> {
		}).loop()).isEqualTo(Trainer.Loop.FUSED_CNN);
	}

	@Test
	void aCnnWithDropoutOnAConvolutionIsLeftToDl4jsFit() {
		assertThat(FusedCnnTrainer.supports(cnn(new ConvolutionLayer.Builder(3, 3).nOut(4)
			.activation(Activation.RELU)
			.dropOut(0.5)
			.build()))).isFalse();
	}

	@Test
	void aCnnWithAnotherActivationIsLeftToDl4jsFit() {
		assertThat(FusedCnnTrainer.supports(
				cnn(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build()))).isFalse();
	}

	@Test
	void aCnnWhoseFirstConvolutionStridesIsLeftToDl4jsFit() {
		assertThat(FusedCnnTrainer.supports(cnn(new ConvolutionLayer.Builder(3, 3).stride(2, 2)
			.nOut(4)
			.activation(Activation.RELU)
			.build()))).isFalse();
	}

	@Test
	void thePlainVariantOfThoseCnnsIsForTheFusedLoop() {
		// the three refusals above differ from this network in one setting each
		assertThat(FusedCnnTrainer.supports(
				cnn(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build()))).isTrue();
	}

	private static MultiLayerNetwork cnn(ConvolutionLayer first) {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
			.updater(new Adam(0.01))
			.list()
			.layer(first)
			.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
			.build());
		network.init();
		return network;
	}

	private static void assertStepsMatchFit(TrainingRecipe recipe) {
		FusedLoopChecks.assertStepsMatchFit(recipe, IMAGES, 3, GRADIENT_TOLERANCE, STEP_TOLERANCE);
	}

	private static TrainingRecipe recipe(String optimizer, double learningRate, double l2) {
		return new TrainingRecipe(TrainingRecipe.CNN, List.of(16), 2, 50, learningRate, optimizer, l2, 3);
	}

}
