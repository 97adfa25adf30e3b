package dev.mlaas.server.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training loop that takes DL4J's fit's steps on a network as a fixed sequence of native ops
 * ({@link FusedMlpTrainer}, {@link FusedCnnTrainer}), on the features and one-hot labels it was made with.
 */
interface FusedLoop {

	/** One minibatch step on the given rows, like fit on those rows. */
	default void fit(int[] rows) {
		gradient(rows);
		update().apply(rows.length);
	}

	/** The step this loop ends each minibatch with, and the flat gradient it takes the step from. */
	FusedUpdate update();

	/**
	 * The loss gradient on the given rows, summed over them, in DL4J's flat layout of the network's parameters (the
	 * buffer the next step is taken from; the parameters do not move).
	 */
	INDArray gradient(int[] rows);

	/** The masks of the dense layers' inputs in the last batch of {@code rows} records (null where none). */
	INDArray[] lastDropoutMasks(int rows);

}
