package dev.mlaas.server.training;

import java.util.Random;
import java.util.function.IntConsumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;


/**
 * Trains a network with DP-SGD: each step takes a Poisson sample of the records (each in with probability
 * {@link DpSgd#sampleRate()}, as the accountant assumes), clips each record's gradient to the clip norm, adds
 * Gaussian noise to their sum and divides by the expected batch size, then steps as the fused loops do (same
 * forward, backward and updater). The recipe's seed fixes the samples and the noise.
 * <p>
 * A dense MLP's records are clipped in one batched pass ({@link DenseTail#clipPerRecord}: a dense layer's
 * per-record gradient norm is a product of two row norms, so no record's gradient is formed). The ML-Leaks CNN's
 * convolutions have no such shortcut, so each sampled record's gradient is computed on its own by
 * {@link FusedCnnTrainer} (a batch of one), clipped and added up: the same arithmetic, one record at a time.
 */
final class DpSgdTrainer {

	private final ClippedSum clippedSum;

	private final FusedUpdate update;

	private final DpSgd settings;

	private final int records;

	private final int expectedBatch;

	private final org.nd4j.linalg.api.rng.Random noise;

	private final INDArray noiseSample;

	DpSgdTrainer(MultiLayerNetwork network, INDArray features, INDArray labels, DpSgd settings, int expectedBatch,
			long seed) {
		if (FusedMlpTrainer.supports(network) && FusedUpdate.supports(network)) {
			DenseRecords dense = new DenseRecords(network, features, labels);
			this.update = dense.update;
			this.clippedSum = dense;
		}
		else if (FusedCnnTrainer.supports(network) && FusedUpdate.supports(network)) {
			RecordByRecord cnn = new RecordByRecord(new FusedCnnTrainer(network, features, labels));
			this.update = cnn.trainer.update();
			this.clippedSum = cnn;
		}
		else {
			throw new IllegalArgumentException("DP-SGD trains the fused loops' MLPs and CNNs without dropout only");
		}
		this.records = (int) features.rows();
		this.settings = settings;
		this.expectedBatch = expectedBatch;
		this.noise = Nd4j.getRandomFactory().getNewRandomInstance(seed);
		this.noiseSample = Nd4j.create(DataType.FLOAT, this.update.gradient().shape());
	}

	/** Every step of the recipe: {@code epochs} times as many steps as batches of the expected size cover the data. */
	void train(int epochs, long seed, IntConsumer epochDone) {
		int n = this.records;
		int steps = DpSgd.stepsPerEpoch(n, this.expectedBatch);
		Random sampling = new Random(seed);
		int[] chosen = new int[n];
		for (int epoch = 1; epoch <= epochs; epoch++) {
			for (int step = 0; step < steps; step++) {
				int size = 0;
				for (int i = 0; i < n; i++) {
					if (sampling.nextDouble() < this.settings.sampleRate()) {
						chosen[size++] = i;
					}
				}
				step(java.util.Arrays.copyOf(chosen, size));
			}
			epochDone.accept(epoch);
		}
	}

	/** One step on a Poisson sample of rows (possibly none: the step is then noise alone, as the analysis has it). */
	void step(int[] rows) {
		INDArray gradient = this.update.gradient();
		if (rows.length == 0) {
			gradient.assign(0);
		}
		else {
			this.clippedSum.write(rows, this.settings.clipNorm());
		}
		double std = this.settings.noiseMultiplier() * this.settings.clipNorm();
		if (std > 0) {
			Nd4j.getExecutioner().exec(new GaussianDistribution(this.noiseSample, 0.0, std), this.noise);
			gradient.addi(this.noiseSample);
		}
		this.update.apply(this.expectedBatch);
	}

	/** Writes the sum of the given records' gradients, each clipped to the clip norm, into the update's gradient. */
	interface ClippedSum {

		void write(int[] rows, double clipNorm);

	}

	/** A dense MLP's records, clipped together by their row norms. */
	private static final class DenseRecords implements ClippedSum {

		private final FusedUpdate update;

		private final DenseTail tail;

		private final INDArray features;

		private final INDArray labels;

		private final PerBatchSize<INDArray[]> batches;

		DenseRecords(MultiLayerNetwork network, INDArray features, INDArray labels) {
			this.features = features;
			this.labels = labels;
			this.update = new FusedUpdate(network);
			this.tail = new DenseTail(this.update.layers());
			this.batches = new PerBatchSize<>(size -> new INDArray[] {
					Nd4j.create(DataType.FLOAT, size, features.columns()),
					Nd4j.create(DataType.FLOAT, size, labels.columns()) });
		}

		@Override
		public void write(int[] rows, double clipNorm) {
			INDArray[] batch = this.batches.get(rows.length);
			Nd4j.pullRows(this.features, batch[0], 1, rows);
			Nd4j.pullRows(this.labels, batch[1], 1, rows);
			this.tail.forward(batch[0]);
			this.tail.backward(batch[0], batch[1], null);
			this.tail.clipPerRecord(batch[0], clipNorm);
		}

	}

	/** Any network a fused loop computes one record's gradient for: each record on its own, clipped, summed. */
	private static final class RecordByRecord implements ClippedSum {

		private final FusedCnnTrainer trainer;

		private final INDArray sum;

		private final int[] one = new int[1];

		RecordByRecord(FusedCnnTrainer trainer) {
			this.trainer = trainer;
			this.sum = trainer.update().gradient().ulike();
		}

		@Override
		public void write(int[] rows, double clipNorm) {
			this.sum.assign(0);
			INDArray gradient = null;
			for (int row : rows) {
				this.one[0] = row;
				gradient = this.trainer.gradient(this.one);
				double norm = gradient.norm2Number().doubleValue();
				this.sum.addi((norm > clipNorm) ? gradient.muli(clipNorm / norm) : gradient);
			}
			gradient.assign(this.sum);
		}

	}

}
