package dev.mlaas.server;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as a separate process, from this build's classes, on a free loopback port with its H2 file database in
 * a given directory: for tests that must stop it as an operator or a crash would, and start it again on the same data.
 */
public final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final URI url;

	private final Path log;

	private ServerProcess(Process process, URI url, Path log) {
		this.process = process;
		this.url = url;
		this.log = log;
	}

	/** Starts a server whose data lives in {@code dataDir} and waits until it is healthy. */
	public static ServerProcess start(Path dataDir, String logName) throws IOException, InterruptedException {
		return start(dataDir, logName, List.of());
	}

	/** As {@link #start(Path, String)}, with more {@code --name=value} settings (another database, a plan). */
	public static ServerProcess start(Path dataDir, String logName, List<String> settings)
			throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Files.createDirectories(dataDir);
		Path log = dataDir.resolveSibling(logName);
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
				"-Dorg.deeplearning4j.crash.reporting.enabled=false", "-cp", System.getProperty("java.class.path"),
				MlaasServerApplication.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1",
				"--mlaas.data-dir=" + dataDir));
		command.addAll(settings);
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("OMP_NUM_THREADS", "1");
		ServerProcess server = new ServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
		server.awaitHealthy(Duration.ofMinutes(2));
		return server;
	}

	public URI url() {
		return this.url;
	}

	public int port() {
		return this.url.getPort();
	}

	public Path log() {
		return this.log;
	}

	/** SIGKILL: the process gets no chance to flush, close or say goodbye. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then the time the process took to exit (or {@code null} if it did not within {@code limit}). */
	public Duration stop(Duration limit) throws InterruptedException {
		Instant start = Instant.now();
		this.process.destroy();
		return this.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? Duration.between(start, Instant.now())
				: null;
	}

	private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the server exited early:\n" + Files.readString(this.log));
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) this.url.resolve("actuator/health")
					.toURL()
					.openConnection();
				if (connection.getResponseCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(200);
		}
		close();
		throw new IllegalStateException("the server did not become healthy in " + timeout);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

}
