package dev.mlaas.server.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.datasets.Records;

/**
 * Trains one network on one dataset. Mini-batches are drawn in an order fixed by the recipe's seed, so with the
 * same native thread count the same recipe gives bit-identical weights. Dense MLPs train in {@link FusedMlpTrainer}
 * and the ML-Leaks CNN in {@link FusedCnnTrainer}, with or without dropout (each the same result as DL4J's fit within
 * float rounding, in about half the time; with dropout, the same given the same masks), DP-SGD in
 * {@link DpSgdTrainer}, every other network in DL4J's own fit.
 */
final class Trainer {

	private static final int EVALUATION_BATCH = 1000;

	private Trainer() {
	}

	/** Which training loop ran. */
	enum Loop {

		/** {@link FusedMlpTrainer}. */
		FUSED_MLP,

		/** {@link FusedCnnTrainer}. */
		FUSED_CNN,

		/** {@link MultiLayerNetwork#fit}. */
		DL4J_FIT,

		/** {@link DpSgdTrainer}. */
		DP_SGD

	}

	static Result train(TrainingRecipe recipe, Records records, int numClasses, IntConsumer epochDone) {
		return train(recipe, records, numClasses, epochDone, null);
	}

	/** @param loop the loop to use, or {@code null} for the fastest one that implements this network */
	static Result train(TrainingRecipe recipe, Records records, int numClasses, IntConsumer epochDone, Loop loop) {
		MultiLayerNetwork network = new MultiLayerNetwork(
				NetworkFactory.build(recipe, records.recordShape(), numClasses));
		network.init();
		if (loop == null) {
			loop = FusedMlpTrainer.supports(network) ? Loop.FUSED_MLP
					: FusedCnnTrainer.supports(network) ? Loop.FUSED_CNN : Loop.DL4J_FIT;
		}
		int n = records.size();
		INDArray features = Nd4j.create(records.features(), new long[] { n, records.numFeatures() }, 'c');
		INDArray labels = oneHot(records.labels(), numClasses);
		if (recipe.dpSgd() != null) {
			new DpSgdTrainer(network, features, labels, recipe.dpSgd(), recipe.batchSize(), recipe.seed())
				.train(recipe.epochs(), recipe.seed(), epochDone);
			return new Result(network, serialize(network), accuracy(network, features, records.labels()),
					Loop.DP_SGD);
		}
		FusedLoop fused = switch (loop) {
			case FUSED_MLP -> new FusedMlpTrainer(network, features, labels);
			case FUSED_CNN -> new FusedCnnTrainer(network, features, labels);
			case DL4J_FIT, DP_SGD -> null;
		};
		Consumer<int[]> step = (fused != null) ? fused::fit
				: batch -> network.fit(new DataSet(Nd4j.pullRows(features, 1, batch), Nd4j.pullRows(labels, 1, batch)));
		forEachBatch(recipe, n, step, epochDone);
		return new Result(network, serialize(network), accuracy(network, features, records.labels()), loop);
	}

	/**
	 * The recipe's minibatches of record indices in training order: each epoch a shuffle of all {@code n} records by
	 * a generator seeded once from the recipe, cut into batches of the recipe's size (the last one may be smaller).
	 */
	static void forEachBatch(TrainingRecipe recipe, int n, Consumer<int[]> batchStep, IntConsumer epochDone) {
		Random order = new Random(recipe.seed());
		int[] indices = java.util.stream.IntStream.range(0, n).toArray();
		for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
			shuffle(indices, order);
			for (int start = 0; start < n; start += recipe.batchSize()) {
				batchStep.accept(java.util.Arrays.copyOfRange(indices, start, Math.min(n, start + recipe.batchSize())));
			}
			epochDone.accept(epoch);
		}
	}

	static double accuracy(MultiLayerNetwork network, INDArray features, int[] labels) {
		long correct = 0;
		for (int start = 0; start < labels.length; start += EVALUATION_BATCH) {
			int end = Math.min(labels.length, start + EVALUATION_BATCH);
			INDArray predicted = network
				.output(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)), false)
				.argMax(1);
			for (int i = start; i < end; i++) {
				if (predicted.getInt(i - start) == labels[i]) {
					correct++;
				}
			}
		}
		return (double) correct / labels.length;
	}

	private static INDArray oneHot(int[] labels, int numClasses) {
		float[] values = new float[labels.length * numClasses];
		for (int i = 0; i < labels.length; i++) {
			values[i * numClasses + labels[i]] = 1f;
		}
		return Nd4j.create(values, new long[] { labels.length, numClasses }, 'c');
	}

	private static void shuffle(int[] indices, Random random) {
		for (int i = indices.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = indices[i];
			indices[i] = indices[j];
			indices[j] = swap;
		}
	}

	private static byte[] serialize(MultiLayerNetwork network) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ModelSerializer.writeModel(network, bytes, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The trained network, its weights serialized for the model store, the accuracy on the training records and the
	 * loop that trained them.
	 */
	record Result(MultiLayerNetwork network, byte[] weights, double trainingAccuracy, Loop loop) {
	}

}
