package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.training.FusedUpdate.LayerParams;

/**
 * Trains a dense MLP with DP-SGD: each step takes a Poisson sample of the records (each in with probability
 * {@link DpSgd#sampleRate()}, as the accountant assumes), clips each record's gradient to the clip norm, adds
 * Gaussian noise to their sum and divides by the expected batch size, then steps as {@link FusedMlpTrainer} does
 * (same forward, backward and updater). The recipe's seed fixes the samples and the noise.
 */
final class DpSgdTrainer {

	private final DenseTail tail;

	private final FusedUpdate update;

	private final INDArray features;

	private final INDArray labels;

	private final DpSgd settings;

	private final int expectedBatch;

	private final org.nd4j.linalg.api.rng.Random noise;

	private final INDArray noiseSample;

	private final PerBatchSize<INDArray[]> batches;

	DpSgdTrainer(MultiLayerNetwork network, INDArray features, INDArray labels, DpSgd settings, int expectedBatch,
			long seed) {
		if (!FusedMlpTrainer.supports(network)) {
			throw new IllegalArgumentException("DP-SGD trains dense MLPs without dropout only");
		}
		this.features = features;
		this.labels = labels;
		this.settings = settings;
		this.expectedBatch = expectedBatch;
		this.update = new FusedUpdate(network);
		List<LayerParams> layers = new ArrayList<>();
		for (int i = 0; i < network.getnLayers(); i++) {
			layers.add(this.update.layer(i));
		}
		this.tail = new DenseTail(layers);
		this.noise = Nd4j.getRandomFactory().getNewRandomInstance(seed);
		this.noiseSample = Nd4j.create(DataType.FLOAT, this.update.gradient().shape());
		this.batches = new PerBatchSize<>(size -> new INDArray[] { Nd4j.create(DataType.FLOAT, size, features.columns()),
				Nd4j.create(DataType.FLOAT, size, labels.columns()) });
	}

	/** Every step of the recipe: {@code epochs} times as many steps as batches of the expected size cover the data. */
	void train(int epochs, long seed, IntConsumer epochDone) {
		int n = (int) this.features.rows();
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
			INDArray[] batch = this.batches.get(rows.length);
			INDArray input = batch[0];
			INDArray batchLabels = batch[1];
			Nd4j.pullRows(this.features, input, 1, rows);
			Nd4j.pullRows(this.labels, batchLabels, 1, rows);
			this.tail.forward(input);
			this.tail.backward(input, batchLabels, null);
			this.tail.clipPerRecord(input, this.settings.clipNorm());
		}
		double std = this.settings.noiseMultiplier() * this.settings.clipNorm();
		if (std > 0) {
			Nd4j.getExecutioner().exec(new GaussianDistribution(this.noiseSample, 0.0, std), this.noise);
			gradient.addi(this.noiseSample);
		}
		this.update.apply(this.expectedBatch);
	}

}
