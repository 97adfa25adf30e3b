package dev.mlaas.server;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real PostgreSQL server for the tests, one per test JVM: a Testcontainers container where a Docker engine
 * answers, otherwise zonky's embedded PostgreSQL 17 started on this machine (as root or not). Never H2 in a
 * compatibility mode, never a mock. Each Spring context that uses it gets a database of its own.
 */
public final class PostgresDatabase {

	private static Server server;

	private static int databases;

	private PostgresDatabase() {
	}

	/** Which path this JVM took: {@code testcontainers} or {@code zonky}. */
	public static synchronized String path() {
		return server().path();
	}

	/** A new, empty database on the one server: its JDBC URL, user and password. */
	public static synchronized String[] newDatabase() {
		Server running = server();
		String name = "mlaas_" + (++databases);
		try (var connection = java.sql.DriverManager.getConnection(running.url("postgres"), running.user(),
				running.password()); var statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("cannot create database " + name, ex);
		}
		return new String[] { running.url(name), running.user(), running.password() };
	}

	private static Server server() {
		if (server == null) {
			server = DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
		}
		return server;
	}

	private static Server container() {
		PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17");
		container.start();
		String base = container.getJdbcUrl().substring(0, container.getJdbcUrl().lastIndexOf('/') + 1);
		return new Server("testcontainers", base, container.getUsername(), container.getPassword());
	}

	private static Server embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is ending; the server's files are in a temporary directory
				}
			}));
			return new Server("zonky", "jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres",
					"postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start an embedded PostgreSQL", ex);
		}
	}

	/** Points a Spring context at a new database of its own on the server. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			String[] database = newDatabase();
			TestPropertyValues.of("spring.datasource.url=" + database[0], "spring.datasource.username=" + database[1],
					"spring.datasource.password=" + database[2])
				.applyTo(context);
		}

	}

	private record Server(String path, String base, String user, String password) {

		String url(String database) {
			return this.base + database;
		}

	}

}
