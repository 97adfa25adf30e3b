package dev.mlaas.server.training;

import java.util.function.IntFunction;

/**
 * Buffers made once for the full minibatch size and once for the shorter last batch of an epoch, so that the fused
 * loops allocate nothing per iteration.
 */
final class PerBatchSize<T> {

	private final IntFunction<T> factory;

	private int fullSize = -1;

	private T full;

	private int remainderSize = -1;

	private T remainder;

	PerBatchSize(IntFunction<T> factory) {
		this.factory = factory;
	}

	T get(int size) {
		if (this.full == null) {
			this.full = this.factory.apply(size);
			this.fullSize = size;
		}
		if (size == this.fullSize) {
			return this.full;
		}
		if (size != this.remainderSize) {
			this.remainder = this.factory.apply(size);
			this.remainderSize = size;
		}
		return this.remainder;
	}

}
