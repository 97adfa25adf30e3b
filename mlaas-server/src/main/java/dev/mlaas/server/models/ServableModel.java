package dev.mlaas.server.models;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A loaded network ready to answer queries. Each concurrent call borrows its own copy of the inference pass
 * ({@link Forward}): up to one per core, made on first need, so that requests on one model run side by side instead
 * of queueing behind one lock. Dense networks are served by {@link DenseForward}, other networks by DL4J's
 * {@code output()}, random forests and logistic regression by Tribuo ({@link TribuoForward}).
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

	private ServableModel(long id, int numFeatures, int numClasses, String pass, Forward first,
			Supplier<Forward> copies) {
		this.id = id;
		this.numFeatures = numFeatures;
		this.numClasses = numClasses;
		this.pass = pass;
		this.copies = copies;
		this.maxCopies = Runtime.getRuntime().availableProcessors();
		this.idle = new ArrayBlockingQueue<>(this.maxCopies);
		this.idle.add(first);
	}

	static ServableModel of(long id, int numFeatures, int numClasses, MultiLayerNetwork network) {
		if (DenseForward.supports(network)) {
			// a dense copy takes only the weights
			return new ServableModel(id, numFeatures, numClasses, "dense", new DenseForward(network),
					() -> new DenseForward(network));
		}
		// a DL4J copy needs a whole network of its own
		return new ServableModel(id, numFeatures, numClasses, "dl4j-output", new NetworkForward(network, numFeatures),
				() -> new NetworkForward(network.clone(), numFeatures));
	}

	/** Tribuo's models keep no per-call state, so every copy shares the one model. */
	static ServableModel of(long id, int numFeatures, int numClasses, Model<Label> model) {
		return new ServableModel(id, numFeatures, numClasses, "tribuo",
				new TribuoForward(model, numFeatures, numClasses),
				() -> new TribuoForward(model, numFeatures, numClasses));
	}

	/** Each copy of a stack borrows a copy of its network's pass; the Tribuo parts are shared. */
	static ServableModel of(long id, int numFeatures, int numClasses, StackedModel model) {
		MultiLayerNetwork network = model.network();
		java.util.function.Function<MultiLayerNetwork, Forward> pass = DenseForward.supports(network)
				? DenseForward::new : copy -> new NetworkForward(copy, numFeatures);
		return new ServableModel(id, numFeatures, numClasses, "stacked",
				model.forward(pass.apply(network), numFeatures, numClasses),
				() -> model.forward(pass.apply(DenseForward.supports(network) ? network : network.clone()),
						numFeatures, numClasses));
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

	/**
	 * Which pass serves this model: {@code dense} ({@link DenseForward}), {@code dl4j-output}, {@code tribuo} or
	 * {@code stacked}.
	 */
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
