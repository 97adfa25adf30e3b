package dev.mlaas.attacker.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Progress lines on stderr, each once, with the time since the start; data goes to stdout. */
final class Progress implements Consumer<String> {

	private final PrintWriter err;

	private final Instant start = Instant.now();

	private String last;

	Progress(PrintWriter err) {
		this.err = err;
	}

	@Override
	public synchronized void accept(String message) {
		if (message.equals(this.last)) {
			return;
		}
		this.last = message;
		long seconds = Duration.between(this.start, Instant.now()).toSeconds();
		this.err.printf("[%3d:%02d] %s%n", seconds / 60, seconds % 60, message);
		this.err.flush();
	}

}
