package dev.mlaas.server.training;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


/**
 * Trains a dense MLP (TANH hidden layers, softmax output with MCXENT loss, Adam or SGD, optional regularization and
 * dropout) in place of {@link MultiLayerNetwork#fit}: the same forward pass, loss gradient, averaging over the
 * minibatch, regularization and updater as DL4J, as a fixed sequence of native ops into buffers allocated once
 * ({@link DenseTail}, {@link FusedUpdate}).
 * <p>
 * It exists because DL4J's own fit spends most of a small net's iteration on per-op bookkeeping rather than
 * arithmetic (see stack.md, "Making DL4J fast"). It updates the network's own parameter views and iteration count,
 * so the network serializes and serves exactly as if fit had trained it. Plain dropout is {@link DenseTail}'s, with
 * masks of its own drawing (the same as fit's given the same masks). Anything it does not implement (other layers,
 * activations, losses or kinds of dropout) is refused by {@link #supports}, and the caller keeps using fit.
 */
final class FusedMlpTrainer implements FusedLoop {

	private final DenseTail tail;

	private final FusedUpdate update;

	private final INDArray features;

	private final INDArray labels;

	private final PerBatchSize<Batch> batches;

	FusedMlpTrainer(MultiLayerNetwork network, INDArray features, INDArray labels) {
		if (!supports(network)) {
			throw new IllegalArgumentException("not a network the fused loop implements: " + network
				.getLayerWiseConfigurations()
				.getConfs()
				.stream()
				.map(c -> c.getLayer().toString())
				.toList());
		}
		this.features = features;
		this.labels = labels;
		this.update = new FusedUpdate(network);
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		double[] keep = conf.getConfs().stream().mapToDouble(c -> FusedUpdate.keepProbability(c.getLayer())).toArray();
		// the network's seed (the recipe's) fixes the dropout masks, as it fixes the initial weights
		this.tail = new DenseTail(this.update.layers(), keep, conf.getConf(0).getSeed());
		this.batches = new PerBatchSize<>(size -> new Batch(Nd4j.create(DataType.FLOAT, size, features.columns()),
				Nd4j.create(DataType.FLOAT, size, labels.columns())));
	}

	/**
	 * Whether the fused loop trains this network as fit would: dense TANH layers with biases, then one
	 * softmax/MCXENT output layer, no preprocessors or truncated backprop, and what {@link FusedUpdate} supports,
	 * with plain dropout on any layer's inputs.
	 */
	static boolean supports(MultiLayerNetwork network) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		int count = conf.getConfs().size();
		if (count < 1 || conf.getBackpropType() != BackpropType.Standard || !conf.getInputPreProcessors().isEmpty()
				|| !FusedUpdate.supports(network, true)) {
			return false;
		}
		for (int i = 0; i < count; i++) {
			Layer layer = conf.getConf(i).getLayer();
			if (!((i == count - 1) ? DenseTail.output(layer) : DenseTail.hidden(layer))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public FusedUpdate update() {
		return this.update;
	}

	@Override
	public INDArray gradient(int[] rows) {
		Batch batch = this.batches.get(rows.length);
		Nd4j.pullRows(this.features, batch.input(), 1, rows);
		Nd4j.pullRows(this.labels, batch.labels(), 1, rows);
		this.tail.forward(batch.input());
		this.tail.backward(batch.input(), batch.labels(), null);
		return this.update.gradient();
	}

	@Override
	public INDArray[] lastDropoutMasks(int rows) {
		return this.tail.lastMasks(rows);
	}

	/** A minibatch's rows, gathered into buffers made once. */
	private record Batch(INDArray input, INDArray labels) {
	}

}
