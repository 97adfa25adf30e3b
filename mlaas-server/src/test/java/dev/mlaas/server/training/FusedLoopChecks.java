package dev.mlaas.server.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.datasets.Records;

import static org.assertj.core.api.Assertions.assertThat;

/** What both fused loops' tests check: the fused loop gives fit's result, and gives it the same way every time. */
final class FusedLoopChecks {

	private FusedLoopChecks() {
	}

	/**
	 * The fused loop's parameters, configuration and outputs are fit's within {@code tolerance}, and training moved
	 * every layer's parameters far beyond it (else the comparison would mean nothing).
	 */
	static void assertSameAsFit(TrainingRecipe recipe, Records records, int classes, Trainer.Loop loop,
			double tolerance) throws IOException {
		MultiLayerNetwork fit = restore(Trainer.train(recipe, records, classes, epoch -> {
		}, Trainer.Loop.DL4J_FIT));
		MultiLayerNetwork fused = restore(Trainer.train(recipe, records, classes, epoch -> {
		}, loop));
		MultiLayerNetwork untrained = new MultiLayerNetwork(
				NetworkFactory.build(recipe, records.recordShape(), classes));
		untrained.init();

		for (String parameter : untrained.paramTable().keySet()) {
			assertThat(maxDifference(fit.getParam(parameter), untrained.getParam(parameter))).as(parameter)
				.isGreaterThan(100 * tolerance);
		}
		assertThat(maxDifference(fit.params(), untrained.params())).isGreaterThan(1000 * tolerance);
		assertThat(maxDifference(fused.params(), fit.params())).isLessThan(tolerance);
		assertThat(fused.getLayerWiseConfigurations().toJson()).isEqualTo(fit.getLayerWiseConfigurations().toJson());
		INDArray features = Nd4j.create(records.features(), new long[] { records.size(), records.numFeatures() },
				'c');
		assertThat(maxDifference(fused.output(features), fit.output(features))).isLessThan(tolerance);
	}

	/** Two runs of the fused loop with the same recipe give the same parameters, bit for bit. */
	static void assertBitIdentical(TrainingRecipe recipe, Records records, int classes, Trainer.Loop loop)
			throws IOException {
		Trainer.Result first = Trainer.train(recipe, records, classes, epoch -> {
		}, loop);
		Trainer.Result second = Trainer.train(recipe, records, classes, epoch -> {
		}, loop);
		// float arrays compare bit for bit (INDArray.equals would allow 1e-5)
		assertThat(restore(second).params().toFloatVector()).isEqualTo(restore(first).params().toFloatVector());
	}

	/** {@code size} records of the given shape with values from {@code values}, labels in [0, classes). */
	static Records randomRecords(int size, int[] shape, int classes, long seed,
			java.util.function.ToDoubleFunction<Random> values) {
		Random random = new Random(seed);
		int width = java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
		float[] features = new float[size * width];
		for (int i = 0; i < features.length; i++) {
			features[i] = (float) values.applyAsDouble(random);
		}
		int[] labels = new int[size];
		for (int i = 0; i < size; i++) {
			labels[i] = random.nextInt(classes);
		}
		return new Records(features, labels, shape);
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.sub(b).amaxNumber().doubleValue();
	}

	private static MultiLayerNetwork restore(Trainer.Result result) throws IOException {
		return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(result.weights()));
	}

}
