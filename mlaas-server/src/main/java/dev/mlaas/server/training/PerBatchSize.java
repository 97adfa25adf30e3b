package dev.mlaas.server.training;

import java.util.function.IntFunction;

/**
 * Buffers made once per minibatch size, so that the training loops allocate nothing per iteration: the fused loops
 * see two sizes (the full batch and the shorter last one), DP-SGD's Poisson samples a few dozen around the expected
 * size. ND4J frees a buffer's native memory only when the garbage collector finds it, so buffers made afresh each
 * step pile up off the heap faster than the collector, seeing a small heap, comes for them.
 */
final class PerBatchSize<T> {

	private final IntFunction<T> factory;

	private final java.util.Map<Integer, T> made = new java.util.HashMap<>();

	PerBatchSize(IntFunction<T> factory) {
		this.factory = factory;
	}

	T get(int size) {
		return this.made.computeIfAbsent(size, this.factory::apply);
	}

}
