package dev.mlaas.attacker.experiment;

/**
 * The wall time during which at least one {@code /predict} request was in flight: what an experiment's queries
 * took, counted once where several overlap. Fed by {@link dev.mlaas.attacker.http.MlaasClient#onPredict}.
 */
final class QueryClock {

	private int inFlight;

	private long since;

	private long busyNanos;

	synchronized void accept(boolean started) {
		long now = System.nanoTime();
		if (started) {
			if (this.inFlight++ == 0) {
				this.since = now;
			}
		}
		else if (--this.inFlight == 0) {
			this.busyNanos += now - this.since;
		}
	}

	synchronized double seconds() {
		long open = (this.inFlight > 0) ? System.nanoTime() - this.since : 0;
		return (this.busyNanos + open) / 1e9;
	}

}
