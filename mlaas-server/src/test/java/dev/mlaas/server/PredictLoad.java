package dev.mlaas.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the crash tests and the replica benchmark share: a client that sends one {@code /predict} batch at a time
 * and keeps each answer's charge id, and the ledger's prediction charges of a key as {@code GET /usage} pages
 * them, to reconcile the two.
 */
public final class PredictLoad {

	private static final ObjectMapper JSON = new ObjectMapper();

	private PredictLoad() {
	}

	/** A JSON {@code /predict} body of {@code rows} instances of {@code features} small numbers. */
	public static String body(long model, int rows, int features) {
		StringBuilder body = new StringBuilder("{\"modelId\":" + model + ",\"instances\":[");
		for (int i = 0; i < rows; i++) {
			body.append(i > 0 ? "," : "").append("[");
			for (int f = 0; f < features; f++) {
				body.append(f > 0 ? "," : "").append((i + f) % 4 - 1);
			}
			body.append("]");
		}
		return body.append("]}").toString();
	}

	/** The key's prediction charges in the ledger: request id to line count, read page by page. */
	public static Map<String, Integer> predictionLines(URI server, String key) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		Map<String, Integer> lines = new HashMap<>();
		for (int page = 0;; page++) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(server.resolve("/usage?size=1000&page=" + page))
				.header("Authorization", "Bearer " + key)
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET /usage: " + response.statusCode() + " " + response.body());
			}
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

	/**
	 * One key sending a body to one server, one request at a time, until stopped or until its server is gone
	 * (after {@code killed} is set, a refused connection ends it quietly). A 429 is waited out and not counted.
	 */
	public static final class Client implements Runnable {

		public final URI server;

		public final String key;

		public final List<String> charges = Collections.synchronizedList(new ArrayList<>());

		public final AtomicLong sent = new AtomicLong();

		public final Thread thread = new Thread(this);

		public volatile boolean stop;

		public volatile Exception failure;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final HttpRequest request;

		private final AtomicBoolean killed;

		public Client(URI server, String key, String body, AtomicBoolean killed) {
			this.server = server;
			this.key = key;
			this.killed = killed;
			this.request = HttpRequest.newBuilder(server.resolve("/predict"))
				.header("Authorization", "Bearer " + key)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
		}

		@Override
		public void run() {
			while (!this.stop) {
				try {
					this.sent.incrementAndGet();
					HttpResponse<String> response = this.http.send(this.request, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 429) {
						Thread.sleep(1000);
						continue;
					}
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
