package dev.mlaas.server.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.datasets.Records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * DP-SGD clips each record's gradient, not the batch's: a lone record's gradient comes out at the clip norm and in
 * its own direction, a batch's is the sum of its records' clipped gradients, and the seed fixes the samples and the
 * noise; for the MLP (clipped by row norms) and for the CNN (record by record) alike.
 */
class DpSgdTrainingTests {

	private static final Records RECORDS = FusedLoopChecks.randomRecords(200, new int[] { 40 }, 5, 11,
			random -> random.nextGaussian());

	private static final TrainingRecipe MLP = new TrainingRecipe(TrainingRecipe.MLP, List.of(16, 8), 3, 20, 0.1,
			TrainingRecipe.SGD, 0.0, 3);

	@Test
	void aRecordsGradientLongerThanTheClipNormIsScaledDownToItAndAShorterOneIsLeftAlone() {
		Step step = new Step();
		INDArray plain = step.gradient(new int[] { 7 }, Double.NaN);
		double norm = plain.norm2Number().doubleValue();
		INDArray clipped = step.gradient(new int[] { 7 }, norm / 2);
		assertThat(clipped.norm2Number().doubleValue()).isCloseTo(norm / 2, within(norm * 1e-5));
		assertThat(maxDifference(clipped, plain.mul(0.5))).isLessThan(norm * 1e-5);
		INDArray untouched = step.gradient(new int[] { 7 }, norm * 2);
		assertThat(maxDifference(untouched, plain)).isLessThan(norm * 1e-6);
	}

	@Test
	void aBatchsGradientIsTheSumOfItsRecordsClippedGradients() {
		Step step = new Step();
		int[] rows = { 3, 17, 42, 99, 150 };
		double clip = step.gradient(new int[] { 3 }, Double.NaN).norm2Number().doubleValue() / 3;
		INDArray sum = null;
		for (int row : rows) {
			INDArray one = step.gradient(new int[] { row }, clip);
			assertThat(one.norm2Number().doubleValue()).isLessThanOrEqualTo(clip * (1 + 1e-5));
			sum = (sum == null) ? one : sum.addi(one);
		}
		INDArray batch = step.gradient(rows, clip);
		assertThat(maxDifference(batch, sum)).isLessThan(clip * 1e-5);
	}

	@Test
	void theSameSeedGivesTheSameModelAndTheNoiseMovesIt() throws IOException {
		TrainingRecipe private1 = withDpSgd(1.0);
		float[] first = params(Trainer.train(private1, RECORDS, 5, epoch -> {
		}));
		float[] again = params(Trainer.train(private1, RECORDS, 5, epoch -> {
		}));
		assertThat(again).isEqualTo(first);
		float[] noiseless = params(Trainer.train(withDpSgd(0.0), RECORDS, 5, epoch -> {
		}));
		assertThat(noiseless).isNotEqualTo(first);
		assertThat(Trainer.train(private1, RECORDS, 5, epoch -> {
		}).loop()).isEqualTo(Trainer.Loop.DP_SGD);
	}

	@Test
	void aCnnsBatchIsTheSumOfItsRecordsGradientsEachClippedOnItsOwn() {
		MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.build(CNN, new int[] { SIDE, SIDE }, 3));
		network.init();
		INDArray features = Nd4j.create(IMAGES.features(), new long[] { IMAGES.size(), SIDE * SIDE }, 'c');
		INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, IMAGES.size(), 3);
		for (int i = 0; i < IMAGES.size(); i++) {
			labels.putScalar(i, IMAGES.labels()[i], 1f);
		}
		// the plain loop's gradients of each record alone, from the same untouched parameters
		FusedCnnTrainer plain = new FusedCnnTrainer(network, features, labels);
		int[] rows = { 2, 19, 33, 58 };
		INDArray[] alone = new INDArray[rows.length];
		for (int i = 0; i < rows.length; i++) {
			alone[i] = plain.gradient(new int[] { rows[i] }).dup();
		}
		// a clip norm between the records' norms, so some are scaled down and some left alone
		double[] norms = java.util.Arrays.stream(alone).mapToDouble(g -> g.norm2Number().doubleValue()).sorted().toArray();
		double clip = (norms[1] + norms[2]) / 2;
		INDArray expected = alone[0].mul(0).castTo(alone[0].dataType());
		for (INDArray gradient : alone) {
			double norm = gradient.norm2Number().doubleValue();
			expected.addi(gradient.mul(Math.min(1.0, clip / norm)));
		}
		assertThat(norms[1]).isLessThan(norms[2]);
		// DP-SGD's step with no noise and plain SGD at learning rate 1 moves the parameters by the mean of that sum
		INDArray before = network.params().dup();
		DpSgd noiseless = DpSgd.accounted(0.0, clip, 1e-3, IMAGES.size(), rows.length, 1);
		new DpSgdTrainer(network, features, labels, noiseless, rows.length, 1).step(rows);
		INDArray moved = before.sub(network.params());
		assertThat(maxDifference(moved, expected.div(rows.length))).isLessThan(clip * 1e-5);
	}

	@Test
	void aCnnTrainsWithDpSgdTheSameForTheSameSeed() throws IOException {
		TrainingRecipe cnn = new TrainingRecipe(CNN.architecture(), CNN.hiddenUnits(), 2, 20, 0.001,
				TrainingRecipe.ADAM, 0.0, 5, CNN.weightInit(), null, null, null,
				DpSgd.accounted(1.0, 1.0, 1e-3, IMAGES.size(), 20, 2), null);
		Trainer.Result first = Trainer.train(cnn, IMAGES, 3, epoch -> {
		});
		assertThat(first.loop()).isEqualTo(Trainer.Loop.DP_SGD);
		assertThat(params(Trainer.train(cnn, IMAGES, 3, epoch -> {
		}))).isEqualTo(params(first));
	}

	@Test
	void theRecipeCarriesTheEpsilonItsStepsSpend() {
		DpSgd dp = DpSgd.accounted(1.1, 1.0, 1e-5, 2500, 100, 50);
		assertThat(dp.sampleRate()).isEqualTo(0.04);
		assertThat(dp.steps()).isEqualTo(1250);
		assertThat(dp.epsilon()).isEqualTo(RdpAccountant.epsilon(0.04, 1.1, 1250, 1e-5).epsilon());
	}

	private static final int SIDE = 16;

	private static final Records IMAGES = FusedLoopChecks.randomRecords(80, new int[] { SIDE, SIDE }, 3, 12,
			java.util.Random::nextFloat);

	/** SGD at learning rate 1, so a step moves the parameters by the averaged gradient itself. */
	private static final TrainingRecipe CNN = new TrainingRecipe(TrainingRecipe.CNN, List.of(16), 1, 4, 1.0,
			TrainingRecipe.SGD, 0.0, 7);

	private static TrainingRecipe withDpSgd(double noiseMultiplier) {
		return new TrainingRecipe(MLP.architecture(), MLP.hiddenUnits(), MLP.epochs(), MLP.batchSize(),
				MLP.learningRate(), MLP.optimizer(), MLP.l2(), MLP.seed(), MLP.weightInit(), null, null, null,
				DpSgd.accounted(noiseMultiplier, 1.0, 1e-3, RECORDS.size(), MLP.batchSize(), MLP.epochs()), null);
	}

	private static float[] params(Trainer.Result result) throws IOException {
		return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(result.weights()))
			.params()
			.toFloatVector();
	}

	private static double maxDifference(INDArray a, INDArray b) {
		return a.sub(b).amaxNumber().doubleValue();
	}

	/** One untrained network's forward and backward on chosen records, with or without clipping. */
	private static final class Step {

		private final FusedUpdate update;

		private final DenseTail tail;

		private final INDArray features = Nd4j.create(RECORDS.features(), new long[] { RECORDS.size(), 40 }, 'c');

		Step() {
			MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.build(MLP, new int[] { 40 }, 5));
			network.init();
			this.update = new FusedUpdate(network);
			List<FusedUpdate.LayerParams> layers = new ArrayList<>();
			for (int i = 0; i < network.getnLayers(); i++) {
				layers.add(this.update.layer(i));
			}
			this.tail = new DenseTail(layers);
		}

		/** The summed gradient of these rows, each record's clipped to {@code clip} unless it is NaN. */
		INDArray gradient(int[] rows, double clip) {
			INDArray input = Nd4j.pullRows(this.features, 1, rows);
			INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows.length, 5);
			for (int i = 0; i < rows.length; i++) {
				labels.putScalar(i, RECORDS.labels()[rows[i]], 1f);
			}
			this.tail.forward(input);
			this.tail.backward(input, labels, null);
			if (!Double.isNaN(clip)) {
				this.tail.clipPerRecord(input, clip);
			}
			return this.update.gradient().dup();
		}

	}

}
