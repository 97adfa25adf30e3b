package dev.mlaas.server.metering;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.server.Api;
import dev.mlaas.server.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A 2xx answer always has its ledger row", tested as a crash tests it: a real server process under concurrent
 * {@code /predict} load from several keys is killed with SIGKILL, started again on the same H2 file, and every
 * answered request's charge (the {@code chargeId} of its answer) is in {@code GET /usage} exactly once. A charge
 * without an answer can only be a request in flight at the kill: at most one per client, as each client sends one
 * request at a time.
 */
class LedgerCrashIntegrationTests {

	private static final int CLIENTS = 8;

	private static final int BATCH = 10;

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	@Test
	void everyAnsweredRequestHasExactlyOneLedgerChargeAfterASigkill() throws Exception {
		Path data = this.dir.resolve("data");
		List<String> keys = new ArrayList<>();
		long modelId;
		List<Client> clients = new ArrayList<>();
		try (ServerProcess server = ServerProcess.start(data, "first.log")) {
			Api.useServerOn(server.port());
			String owner = Api.signUp("owner");
			modelId = Api.trainedModel(owner, 4);
			Api.as(owner).contentType("application/json").body(Map.of("published", true))
				.patch("/models/" + modelId).then().statusCode(200);
			for (int i = 0; i < CLIENTS; i++) {
				keys.add(Api.signUp("client-" + i));
			}
			AtomicBoolean killed = new AtomicBoolean();
			for (String key : keys) {
				clients.add(new Client(server.url(), key, modelId, killed));
			}
			clients.forEach(client -> client.thread.start());
			Thread.sleep(3000);
			killed.set(true);
			server.kill();
			for (Client client : clients) {
				client.thread.join(30_000);
				assertThat(client.failure).as("what a client met before the kill").isNull();
			}
		}

		int answered = 0;
		int charged = 0;
		int lost = 0;
		int unanswered = 0;
		try (ServerProcess server = ServerProcess.start(data, "second.log")) {
			for (Client client : clients) {
				Map<String, Integer> lines = predictionLines(server.url(), client.key);
				answered += client.charges.size();
				charged += lines.size();
				for (String charge : client.charges) {
					Integer units = lines.get(charge);
					if (units == null) {
						lost++;
					}
					else {
						assertThat(units).as("units of charge %s", charge).isEqualTo(BATCH);
					}
				}
				Set<String> withoutAnswer = new HashSet<>(lines.keySet());
				withoutAnswer.removeAll(client.charges);
				unanswered += withoutAnswer.size();
				assertThat(withoutAnswer).as("charges without an answer for one client").hasSizeLessThanOrEqualTo(1);
			}
		}
		System.out.printf("crash test: %d requests answered 200 before the kill, %d charges in the ledger after it; "
				+ "lost %d, charged without an answer %d (in flight at the kill)%n", answered, charged, lost,
				unanswered);
		assertThat(answered).as("answered requests").isGreaterThan(100);
		assertThat(lost).as("answered requests without a ledger charge").isZero();
	}

	/** The caller's prediction charges in the ledger: request id to line count, read page by page. */
	private static Map<String, Integer> predictionLines(URI server, String key) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		Map<String, Integer> lines = new HashMap<>();
		for (int page = 0;; page++) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(server.resolve("/usage?size=1000&page=" + page))
				.header("Authorization", "Bearer " + key)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode rows = JSON.readTree(response.body()).get("rows");
			if (rows.isEmpty()) {
				return lines;
			}
			for (JsonNode row : rows) {
				if (row.get("action").asText().equals("PREDICTION")) {
					lines.merge(row.get("requestId").asText(), 1, Integer::sum);
				}
			}
		}
	}

	/** One key sending batches one at a time until the server is gone, keeping each answer's charge id. */
	private static final class Client implements Runnable {

		final String key;

		final List<String> charges = new ArrayList<>();

		final Thread thread = new Thread(this);

		volatile Exception failure;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final HttpRequest request;

		private final AtomicBoolean killed;

		Client(URI server, String key, long modelId, AtomicBoolean killed) {
			this.key = key;
			this.killed = killed;
			StringBuilder body = new StringBuilder("{\"modelId\":" + modelId + ",\"instances\":[");
			for (int i = 0; i < BATCH; i++) {
				body.append(i > 0 ? "," : "").append("[").append(i).append(",1.5,-2,0.25]");
			}
			this.request = HttpRequest.newBuilder(server.resolve("/predict"))
				.header("Authorization", "Bearer " + key)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
				.build();
		}

		@Override
		public void run() {
			while (true) {
				try {
					HttpResponse<String> response = this.http.send(this.request, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200) {
						this.failure = new IllegalStateException("answer " + response.statusCode() + ": "
								+ response.body());
						return;
					}
					this.charges.add(JSON.readTree(response.body()).get("chargeId").asText());
				}
				catch (IOException ex) {
					if (!this.killed.get()) {
						this.failure = ex;
					}
					return;
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}

}
