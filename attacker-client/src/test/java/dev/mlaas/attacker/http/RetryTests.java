package dev.mlaas.attacker.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against a small HTTP server that limits rates: the client waits what {@code Retry-After} says, backs off on 503,
 * says so, gives up after a bounded number of tries, and refuses a wait longer than it would ever sleep.
 */
class RetryTests {

	private HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private final List<Long> callMillis = new ArrayList<>();

	private final List<String> waits = new ArrayList<>();

	private MlaasClient client;

	private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(4);

	/** Answers /usage with {@code status} and {@code retryAfter} until the {@code failures}-th call, then 200. */
	private void serve(int status, String retryAfter, int failures) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/usage", exchange -> {
			synchronized (this.callMillis) {
				this.callMillis.add(System.nanoTime() / 1_000_000);
			}
			if (this.calls.incrementAndGet() <= failures) {
				if (retryAfter != null) {
					exchange.getResponseHeaders().set("Retry-After", retryAfter);
				}
				answer(exchange, status, "{\"type\":\"https://mlaas.dev/problems/rate-limited\",\"title\":\"Too many\","
						+ "\"status\":" + status + ",\"detail\":\"slow down\"}");
				return;
			}
			answer(exchange, 200, "{\"scope\":\"key\",\"apiKeyId\":1,\"totals\":{\"queries\":7,\"trainingJobs\":0,"
					+ "\"uploads\":0,\"credits\":0.007},\"totalRows\":7,\"rows\":[]}");
		});
		this.server.start();
		this.client = new MlaasClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()), "key")
			.onWait(this.waits::add);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
		this.handlers.shutdownNow();
	}

	@Test
	void a429IsRetriedAfterTheSecondsItsRetryAfterSays() throws IOException {
		serve(429, "1", 1);

		assertThat(this.client.usage().totals().queries()).isEqualTo(7);

		assertThat(this.calls).hasValue(2);
		assertThat(this.callMillis.get(1) - this.callMillis.get(0)).isGreaterThanOrEqualTo(950);
		assertThat(this.waits).containsExactly("rate limited (429): waiting 1.0 s before retry 1 of 5");
	}

	@Test
	void a503IsRetriedWithABackoffThatDoubles() throws IOException {
		serve(503, null, 2);

		assertThat(this.client.usage().totals().queries()).isEqualTo(7);

		assertThat(this.waits).containsExactly("service unavailable (503): waiting 0.2 s before retry 1 of 5",
				"service unavailable (503): waiting 0.4 s before retry 2 of 5");
	}

	@Test
	void theClientGivesUpAfterFiveRetriesWithTheServicesProblem() throws IOException {
		serve(503, null, 100);

		assertThatThrownBy(this.client::usage).isInstanceOf(ApiProblemException.class).hasMessageContaining("slow down");
		assertThat(this.calls).hasValue(6);
	}

	@Test
	void aRetryAfterLongerThanTheClientWouldWaitIsNotSleptThrough() throws IOException {
		serve(429, Long.toString(MlaasClient.MAX_WAIT.toSeconds() + 1), 1);

		assertThatThrownBy(this.client::usage).isInstanceOf(ApiProblemException.class);
		assertThat(this.calls).hasValue(1);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void sendersThatWaitTogetherReachTheListenerOneAtATime() throws Exception {
		int batches = 4;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.handlers);
		this.server.createContext("/predict", exchange -> {
			exchange.getRequestBody().readAllBytes();
			if (this.calls.incrementAndGet() <= batches) {
				exchange.getResponseHeaders().set("Retry-After", "0");
				answer(exchange, 429, "{\"title\":\"Too many\",\"status\":429}");
				return;
			}
			byte[] header = PredictNpy.header("<f4", 1, 2);
			byte[] body = java.nio.ByteBuffer.allocate(header.length + 8)
				.order(java.nio.ByteOrder.LITTLE_ENDIAN)
				.put(header)
				.putFloat(0.25f)
				.putFloat(0.75f)
				.array();
			exchange.getResponseHeaders().set("Mlaas-Queries", "1");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		AtomicInteger listening = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		MlaasClient client = new MlaasClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
				"key")
			.onWait(message -> {
				mostAtOnce.accumulateAndGet(listening.incrementAndGet(), Math::max);
				sleep(100);
				this.waits.add(message);
				listening.decrementAndGet();
			});
		List<PredictBatch> queries = MlaasClient.encode(new float[][] { { 1 }, { 2 }, { 3 }, { 4 } }, 1);

		float[][] posteriors = client.predict(7, queries, batches);

		assertThat(posteriors).hasDimensions(batches, 2);
		assertThat(this.waits).hasSize(batches);
		assertThat(mostAtOnce).hasValue(1);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", (status == 200) ? "application/json" : "application/problem+json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
