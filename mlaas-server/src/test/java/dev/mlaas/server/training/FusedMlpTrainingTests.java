package dev.mlaas.server.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
	private static final Records RECORDS = randomRecords(230, 40, 5, 11);

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
		Trainer.Result first = Trainer.train(recipe, RECORDS, 5, epoch -> {
		}, Trainer.Loop.FUSED_MLP);
		Trainer.Result second = Trainer.train(recipe, RECORDS, 5, epoch -> {
		}, Trainer.Loop.FUSED_MLP);
		// float arrays compare bit for bit (INDArray.equals would allow 1e-5)
		assertThat(restore(second).params().toFloatVector()).isEqualTo(restore(first).params().toFloatVector());
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
	void aNetworkWithDropoutIsLeftToDl4jsFit() {
		MultiLayerNetwork withDropout = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
			.updater(new Adam(0.01))
			.list()
			.layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).dropOut(0.5).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build())
			.setInputType(InputType.feedForward(40))
			.build());
		withDropout.init();
		assertThat(FusedMlpTrainer.supports(withDropout)).isFalse();
	}

	private static void assertSameAsFit(TrainingRecipe recipe) throws IOException {
		MultiLayerNetwork fit = restore(Trainer.train(recipe, RECORDS, 5, epoch -> {
		}, Trainer.Loop.DL4J_FIT));
		MultiLayerNetwork fused = restore(Trainer.train(recipe, RECORDS, 5, epoch -> {
		}, Trainer.Loop.FUSED_MLP));
		MultiLayerNetwork untrained = new MultiLayerNetwork(NetworkFactory.build(recipe, new int[] { 40 }, 5));
		untrained.init();

		// the test means something only if training moved the parameters far beyond the tolerance
		assertThat(maxDifference(fit.params(), untrained.params())).isGreaterThan(1000 * TOLERANCE);
		assertThat(maxDifference(fused.params(), fit.params())).isLessThan(TOLERANCE);
		assertThat(fused.getLayerWiseConfigurations().toJson()).isEqualTo(fit.getLayerWiseConfigurations().toJson());
		INDArray features = Nd4j.create(RECORDS.features(), new long[] { RECORDS.size(), 40 }, 'c');
		assertThat(maxDifference(fused.output(features), fit.output(features))).isLessThan(TOLERANCE);
	}

	private static TrainingRecipe recipe(String optimizer, double learningRate, double l2) {
		return new TrainingRecipe(TrainingRecipe.MLP, List.of(16, 8), 4, 50, learningRate, optimizer, l2, 3);
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.sub(b).amaxNumber().doubleValue();
	}

	private static MultiLayerNetwork restore(Trainer.Result result) throws IOException {
		return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(result.weights()));
	}

	private static Records randomRecords(int size, int features, int classes, long seed) {
		Random random = new Random(seed);
		float[] values = new float[size * features];
		for (int i = 0; i < values.length; i++) {
			values[i] = random.nextBoolean() ? 1f : 0f;
		}
		int[] labels = new int[size];
		for (int i = 0; i < size; i++) {
			labels[i] = random.nextInt(classes);
		}
		return new Records(values, labels, new int[] { features });
	}

}
