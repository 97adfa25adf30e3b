package dev.mlaas.server.models;

import java.util.function.Function;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded network ready to answer queries. DL4J networks keep per-call state in their layers, so calls on one
 * network are serialized.
 */
public final class ServableModel {

	private final long id;

	private final int numFeatures;

	private final int numClasses;

	private final MultiLayerNetwork network;

	ServableModel(long id, int numFeatures, int numClasses, MultiLayerNetwork network) {
		this.id = id;
		this.numFeatures = numFeatures;
		this.numClasses = numClasses;
		this.network = network;
	}

	public long id() {
		return this.id;
	}

	public int numFeatures() {
		return this.numFeatures;
	}

	public int numClasses() {
		return this.numClasses;
	}

	/** Posterior probabilities, one row per input row. */
	public float[][] predict(float[] rowMajorFeatures, int rows) {
		INDArray input = org.nd4j.linalg.factory.Nd4j.create(rowMajorFeatures, new long[] { rows, this.numFeatures },
				'c');
		return withNetwork(net -> net.output(input, false).toFloatMatrix());
	}

	private synchronized <T> T withNetwork(Function<MultiLayerNetwork, T> call) {
		return call.apply(this.network);
	}

}
