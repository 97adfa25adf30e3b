package dev.mlaas.server.models;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A loaded network ready to answer queries. Each concurrent call borrows its own copy of the inference pass
 * ({@link Forward}): up to one per core, made on first need, so that requests on one model run side by side instead
 * of queueing behind one lock. Dense networks are served by {@link DenseForward}, anything else by DL4J's
 * {@code output()}.
 */
public final class ServableModel {

	private final long id;

	private final int numFeatures;

	private final int numClasses;

	private final String pass;

	private final Supplier<Forward> copies;

	private final int maxCopies;

	private final BlockingQueue<Forward> idle;

	private int made = 1;

	ServableModel(long id, int numFeatures, int numClasses, MultiLayerNetwork network) {
		this.id = id;
		this.numFeatures = numFeatures;
		this.numClasses = numClasses;
		boolean dense = DenseForward.supports(network);
		this.pass = dense ? "dense" : "dl4j-output";
		// a DL4J copy needs a whole network of its own; a dense copy takes only the weights
		this.copies = dense ? () -> new DenseForward(network) : () -> new NetworkForward(network.clone(), numFeatures);
		this.maxCopies = Runtime.getRuntime().availableProcessors();
		this.idle = new ArrayBlockingQueue<>(this.maxCopies);
		this.idle.add(dense ? new DenseForward(network) : new NetworkForward(network, numFeatures));
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
		Forward forward = borrow();
		float[] flat;
		try {
			flat = forward.predict(rowMajorFeatures, rows);
		}
		finally {
			this.idle.add(forward);
		}
		float[][] posteriors = new float[rows][];
		for (int i = 0; i < rows; i++) {
			posteriors[i] = java.util.Arrays.copyOfRange(flat, i * this.numClasses, (i + 1) * this.numClasses);
		}
		return posteriors;
	}

	/** Which pass serves this model: {@code dense} ({@link DenseForward}) or {@code dl4j-output}. */
	public String pass() {
		return this.pass;
	}

	private Forward borrow() {
		Forward forward = this.idle.poll();
		if (forward != null) {
			return forward;
		}
		synchronized (this) {
			if (this.made < this.maxCopies) {
				this.made++;
				return this.copies.get();
			}
		}
		try {
			return this.idle.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for model " + this.id, ex);
		}
	}

}
