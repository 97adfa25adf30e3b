package dev.mlaas.attacker.experiment;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The real mlaas-server, started from its packaged jar as a separate process on a free loopback port with its own
 * H2 file: the attacker's tests reach it only over HTTP, as any outsider would.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final URI url;

	private final Path log;

	private ServerProcess(Process process, URI url, Path log) {
		this.process = process;
		this.url = url;
		this.log = log;
	}

	static ServerProcess start(Path workDir, String... settings) throws IOException, InterruptedException {
		Path jar = Path.of("..", "mlaas-server", "target", "mlaas-server.jar").toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run the build from the repository root "
					+ "(./mvnw verify), which packages the server before testing the attacker");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = workDir.resolve("server.log");
		java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-jar", jar.toString(),
				"--server.port=" + port, "--server.address=127.0.0.1", "--mlaas.data-dir=" + workDir.resolve("data")));
		command.addAll(java.util.List.of(settings));
		ProcessBuilder builder = new ProcessBuilder(command)
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("OMP_NUM_THREADS", "1");
		ServerProcess server = new ServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
		server.awaitHealthy(Duration.ofMinutes(2));
		return server;
	}

	URI url() {
		return this.url;
	}

	private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the server exited early:\n" + Files.readString(this.log));
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) this.url.resolve("actuator/health").toURL()
					.openConnection();
				if (connection.getResponseCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("the server did not become healthy in " + timeout);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
