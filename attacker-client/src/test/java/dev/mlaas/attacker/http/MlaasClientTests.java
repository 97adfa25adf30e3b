package dev.mlaas.attacker.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MlaasClientTests {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private HttpServer server;

	private MlaasClient client;

	/**
	 * A /predict that answers each instance with its own first feature (the batches of larger ones sooner), and
	 * refuses a batch with a negative one.
	 */
	@BeforeEach
	void startFakeService() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.createContext("/predict", this::predict);
		this.server.start();
		this.client = new MlaasClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()), "key");
	}

	@AfterEach
	void stopFakeService() {
		this.server.stop(0);
	}

	@Test
	void encodingMakesTheFewestBatchesWithinTheBatchSizeOfNearEqualSizes() throws IOException {
		float[][] instances = rows(2500);

		List<PredictBatch> batches = MlaasClient.encode(instances, 1000);

		assertThat(batches).extracting(PredictBatch::size).containsExactly(833, 833, 834);
		List<Float> firstFeatures = new ArrayList<>();
		for (PredictBatch batch : batches) {
			for (float[] row : TestNpy.read(batch.npy())) {
				firstFeatures.add(row[0]);
			}
		}
		assertThat(firstFeatures).hasSize(2500).isSortedAccordingTo(Float::compare);
		assertThat(MlaasClient.encode(rows(2000), 1000)).extracting(PredictBatch::size).containsExactly(1000, 1000);
		assertThat(MlaasClient.encode(rows(1), 1000)).extracting(PredictBatch::size).containsExactly(1);
	}

	@Test
	void batchesSentSideBySideAnswerInTheInstancesOrderAndAreCounted() {
		float[][] instances = rows(40);

		float[][] posteriors = this.client.predict(7, MlaasClient.encode(instances, 5), 3);

		assertThat(this.mostInFlight.get()).isEqualTo(3);
		for (int i = 0; i < instances.length; i++) {
			assertThat(posteriors[i]).containsExactly(instances[i][0]);
		}
		assertThat(this.client.counted().queries()).isEqualTo(40);
	}

	@Test
	void oneAtATimeSendsOneRequestAtATime() {
		float[][] posteriors = this.client.predict(7, rows(40), 5);

		assertThat(this.mostInFlight.get()).isEqualTo(1);
		assertThat(posteriors[39]).containsExactly(39f);
	}

	@Test
	void aRefusedBatchFailsTheWholeQueryWithTheServicesProblem() {
		float[][] instances = rows(40);
		instances[22][0] = -1;

		assertThatExceptionOfType(ApiProblemException.class)
			.isThrownBy(() -> this.client.predict(7, MlaasClient.encode(instances, 5), 3));
	}

	private void predict(HttpExchange exchange) throws IOException {
		int now = this.inFlight.incrementAndGet();
		this.mostInFlight.accumulateAndGet(now, Math::max);
		try {
			assertThat(exchange.getRequestURI().getQuery()).isEqualTo("modelId=7");
			assertThat(exchange.getRequestHeaders().getFirst("Content-Type")).isEqualTo("application/x-npy");
			float[][] instances = TestNpy.read(exchange.getRequestBody().readAllBytes());
			boolean refused = false;
			float[][] posteriors = new float[instances.length][];
			for (int i = 0; i < instances.length; i++) {
				refused |= instances[i][0] < 0;
				posteriors[i] = new float[] { instances[i][0] };
			}
			// later batches (larger first features) answer sooner, so that answers arrive out of order
			Thread.sleep(Math.max(0, 60 - 2 * (int) instances[0][0]));
			byte[] bytes = refused ? "{\"title\":\"Bad instance\",\"status\":400}".getBytes(StandardCharsets.UTF_8)
					: TestNpy.float32(posteriors);
			exchange.getResponseHeaders().add("Content-Type", refused ? "application/problem+json" : "application/x-npy");
			exchange.getResponseHeaders().add("Mlaas-Queries", Integer.toString(instances.length));
			exchange.sendResponseHeaders(refused ? 400 : 200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	private static float[][] rows(int count) {
		float[][] rows = new float[count][];
		for (int i = 0; i < count; i++) {
			rows[i] = new float[] { i, 1, 0 };
		}
		return rows;
	}

}
