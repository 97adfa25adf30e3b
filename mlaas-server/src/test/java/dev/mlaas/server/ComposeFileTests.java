package dev.mlaas.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}: valid per {@code docker-compose config} where Debian's docker-compose is installed
 * ({@code .ci/run} installs it), and wired right as parsed here on any machine: two server replicas on the
 * PostgreSQL service with the postgres profile, a proxy over both, and the attacker aimed at the proxy.
 */
class ComposeFileTests {

	private static final Path ROOT = Path.of("..");

	@Test
	void dockerComposeAcceptsTheFile() throws Exception {
		Assumptions.assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
		Process process = new ProcessBuilder("docker-compose", "config", "-q").directory(ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void twoReplicasShareThePostgresServiceBehindAProxyAndTheAttackerAimsAtTheProxy() throws IOException {
		Map<String, Object> services = map(compose().get("services"));
		assertThat(services).containsKeys("postgres", "mlaas-server-1", "mlaas-server-2", "proxy", "attacker");
		Map<String, Object> postgres = map(services.get("postgres"));
		Map<String, Object> postgresEnv = map(postgres.get("environment"));
		for (String replica : List.of("mlaas-server-1", "mlaas-server-2")) {
			Map<String, Object> server = map(services.get(replica));
			Map<String, Object> env = map(server.get("environment"));
			assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
			assertThat(env.get("MLAAS_DB_URL"))
				.isEqualTo("jdbc:postgresql://postgres:5432/" + postgresEnv.get("POSTGRES_DB"));
			assertThat(env.get("MLAAS_DB_USER")).isEqualTo(postgresEnv.get("POSTGRES_USER"));
			assertThat(env.get("MLAAS_DB_PASSWORD")).isEqualTo(postgresEnv.get("POSTGRES_PASSWORD"));
			assertThat(map(server.get("depends_on"))).containsKey("postgres");
			assertThat(server.get("build")).isEqualTo("./mlaas-server");
		}
		String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
		assertThat(nginx).contains("server mlaas-server-1:8080").contains("server mlaas-server-2:8080");
		List<?> command = (List<?>) map(services.get("attacker")).get("command");
		assertThat(command.get(command.indexOf("--server") + 1)).isEqualTo("http://proxy:8080");
		assertThat(Files.isRegularFile(ROOT.resolve("mlaas-server/Dockerfile"))).isTrue();
		assertThat(Files.isRegularFile(ROOT.resolve("attacker-client/Dockerfile"))).isTrue();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return (Map<String, Object>) node;
	}

	private static Map<String, Object> compose() throws IOException {
		try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
			return new Yaml().load(in);
		}
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

}
