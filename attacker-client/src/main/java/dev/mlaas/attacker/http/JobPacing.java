package dev.mlaas.attacker.http;

import java.time.Duration;

/**
 * When to ask again about a training job: from the epochs it has reported so far, the client estimates when the
 * job ends and waits half of what is left, between {@link #SHORTEST} and {@link #LONGEST}. Far from the end that
 * is a few reads a second; near it, a read every few milliseconds, so the caller learns of the model soon after it
 * exists without reading the job hundreds of times while it trains.
 */
final class JobPacing {

	static final Duration SHORTEST = Duration.ofMillis(4);

	static final Duration LONGEST = Duration.ofMillis(250);

	/** Before two reports of progress there is no rate to go by. */
	static final Duration WITHOUT_RATE = Duration.ofMillis(20);

	private long firstNanos;

	private int firstEpoch = -1;

	/** The wait after a read at {@code nanos} (any monotonic clock) that found {@code epoch} of {@code epochs} done. */
	Duration next(long nanos, int epoch, int epochs) {
		if (this.firstEpoch < 0 || epoch < this.firstEpoch) {
			this.firstNanos = nanos;
			this.firstEpoch = epoch;
			return WITHOUT_RATE;
		}
		if (epoch == this.firstEpoch) {
			return WITHOUT_RATE;
		}
		double nanosPerEpoch = (double) (nanos - this.firstNanos) / (epoch - this.firstEpoch);
		double left = Math.max(0, epochs - epoch) * nanosPerEpoch;
		long wait = (long) (left / 2);
		return Duration.ofNanos(Math.max(SHORTEST.toNanos(), Math.min(LONGEST.toNanos(), wait)));
	}

}
