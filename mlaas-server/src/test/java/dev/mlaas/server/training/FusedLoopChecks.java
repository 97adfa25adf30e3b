package dev.mlaas.server.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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

	/**
	 * At every step of fit's own training, started from fit's parameters, the fused CNN loop computes fit's gradient
	 * (for each parameter array, the largest difference is below {@code gradientTolerance} times the array's largest
	 * gradient) and, with SGD, takes fit's step (parameters within {@code stepTolerance}). After the training the
	 * fused network's configuration, iteration count included, is fit's.
	 * <p>
	 * Why step by step rather than where two free trainings end up, as {@link #assertSameAsFit} compares the MLPs:
	 * ReLU and max pooling turn a parameter difference of one float rounding into another active unit or another
	 * window maximum, and from there the two trainings drift apart by far more than rounding, with any optimizer.
	 * Adam also divides each gradient by its own running size, so a gradient that is rounding noise takes a sizeable
	 * step. Measured on an Intel Xeon with AVX-512, where oneDNN runs the 3 x 3 convolution's backward pass as a
	 * Winograd transform: DL4J's fit against itself with oneDNN held to AVX2 ({@code DNNL_MAX_CPU_ISA=AVX2}) ended a
	 * 2-epoch Adam training 1.0e-4 apart; the fused loop against fit, 1.7e-3 apart with Adam and, with oneDNN held to
	 * SSE4.1, 1.8e-3 with SGD and l2, though every single step agreed within 3e-8.
	 */
	static void assertStepsMatchFit(TrainingRecipe recipe, Records records, int classes, double gradientTolerance,
			double stepTolerance) {
		MultiLayerNetwork fit = untrained(recipe, records, classes);
		MultiLayerNetwork fusedNetwork = untrained(recipe, records, classes);
		INDArray features = Nd4j.create(records.features(), new long[] { records.size(), records.numFeatures() },
				'c');
		INDArray labels = Nd4j.zeros(DataType.FLOAT, records.size(), classes);
		for (int i = 0; i < records.size(); i++) {
			labels.putScalar(i, records.labels()[i], 1f);
		}
		FusedCnnTrainer fused = new FusedCnnTrainer(fusedNetwork, features, labels);
		boolean stateless = TrainingRecipe.SGD.equals(recipe.optimizer());
		int[] steps = { 0 };
		Trainer.forEachBatch(recipe, records.size(), rows -> {
			String step = "step " + steps[0]++;
			DataSet batch = new DataSet(Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(labels, 1, rows));
			fit.setInput(batch.getFeatures());
			fit.setLabels(batch.getLabels());
			fit.computeGradientAndScore();
			INDArray expected = fit.gradient().gradient().dup();
			fusedNetwork.params().assign(fit.params());
			INDArray actual = fused.gradient(rows);
			long offset = 0;
			for (Map.Entry<String, INDArray> parameter : fit.paramTable().entrySet()) {
				long length = parameter.getValue().length();
				INDArray want = expected.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + length));
				INDArray got = actual.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + length));
				double scale = want.amaxNumber().doubleValue();
				assertThat(scale).as("%s, %s: gradient size", step, parameter.getKey()).isGreaterThan(0);
				assertThat(maxDifference(got, want) / scale).as("%s, %s", step, parameter.getKey())
					.isLessThan(gradientTolerance);
				offset += length;
			}
			fit.fit(batch);
			fused.fit(rows);
			if (stateless) {
				assertThat(maxDifference(fusedNetwork.params(), fit.params())).as(step).isLessThan(stepTolerance);
			}
		}, epoch -> {
		});
		assertThat(steps[0]).isGreaterThan(1);
		assertThat(fusedNetwork.getLayerWiseConfigurations().toJson())
			.isEqualTo(fit.getLayerWiseConfigurations().toJson());
	}

	/** A fused loop made on a network and the features and one-hot labels it trains on. */
	interface LoopOn {

		FusedLoop make(MultiLayerNetwork network, INDArray features, INDArray labels);

	}

	/**
	 * With the recipe's dropout, the fused loop's gradient on a batch is fit's when fit's dense layers (from
	 * {@code firstDense} on) drop what the fused loop's masks dropped; the masks are inverted dropout at the
	 * recipe's rate, and the next batch draws others.
	 */
	static void assertGradientIsFitsGivenTheSameMasks(TrainingRecipe recipe, Records records, int classes,
			int firstDense, LoopOn loopOn, double tolerance) {
		MultiLayerNetwork fusedNetwork = untrained(recipe, records, classes);
		// DL4J's own network, whose dense layers drop what the fused loop's masks dropped
		MultiLayerNetwork fit = untrained(recipe, records, classes);
		INDArray[] masks = new INDArray[fit.getnLayers() - firstDense];
		for (int i = firstDense; i < fit.getnLayers(); i++) {
			fit.getLayerWiseConfigurations().getConf(i).getLayer().setIDropout(new GivenMask(masks, i - firstDense));
		}
		fit.init(fusedNetwork.params().dup(), false);
		INDArray features = Nd4j.create(records.features(), new long[] { records.size(), records.numFeatures() },
				'c');
		INDArray labels = Nd4j.zeros(DataType.FLOAT, records.size(), classes);
		for (int i = 0; i < records.size(); i++) {
			labels.putScalar(i, records.labels()[i], 1f);
		}
		FusedLoop fused = loopOn.make(fusedNetwork, features, labels);
		int[] rows = java.util.stream.IntStream.range(0, recipe.batchSize()).toArray();
		INDArray actual = fused.gradient(rows).dup();
		INDArray[] used = java.util.Arrays.stream(fused.lastDropoutMasks(rows.length))
			.map(INDArray::dup)
			.toArray(INDArray[]::new);
		assertThat(used).hasSize(masks.length).doesNotContainNull();
		System.arraycopy(used, 0, masks, 0, used.length);
		// inverted dropout: each input kept with probability p and scaled by 1 / p, zeroed otherwise
		double keep = 1 - recipe.dropout();
		for (INDArray mask : used) {
			double kept = mask.eq(1 / keep).castTo(DataType.FLOAT).meanNumber().doubleValue();
			double zeros = mask.eq(0.0).castTo(DataType.FLOAT).meanNumber().doubleValue();
			assertThat(kept + zeros).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
			assertThat(kept).isBetween(keep - 0.1, keep + 0.1);
		}
		fit.setInput(Nd4j.pullRows(features, 1, rows));
		fit.setLabels(Nd4j.pullRows(labels, 1, rows));
		fit.computeGradientAndScore();
		INDArray expected = fit.gradient().gradient();
		double scale = expected.amaxNumber().doubleValue();
		assertThat(maxDifference(actual, expected) / scale).isLessThan(tolerance);
		// and the next batch draws other masks
		fused.gradient(rows);
		assertThat(fused.lastDropoutMasks(rows.length)[0]).isNotEqualTo(used[0]);
	}

	/** DL4J dropout that multiplies a layer's input by a mask the test gives it, as inverted dropout would. */
	private record GivenMask(INDArray[] masks, int index) implements IDropout {

		@Override
		public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
				LayerWorkspaceMgr workspaces) {
			return result.assign(input.mul(this.masks[this.index]));
		}

		@Override
		public INDArray backprop(INDArray gradientAtOutput, INDArray gradientAtInput, int iteration, int epoch) {
			return gradientAtInput.assign(gradientAtOutput.mul(this.masks[this.index]));
		}

		@Override
		public void clear() {
		}

		@Override
		public IDropout clone() {
			return this;
		}

	}

	private static MultiLayerNetwork untrained(TrainingRecipe recipe, Records records, int classes) {
		MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.build(recipe, records.recordShape(), classes));
		network.init();
		return network;
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
