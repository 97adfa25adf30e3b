package dev.mlaas.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * The load side of the serving benchmark, run as a second process on loopback so that client work does not share
 * the server's JVM. Bounded in count and time. Prints one JSON object.
 * <ul>
 * <li>{@code batch URL KEY MODEL FEATURES ROUNDS [CONNECTIONS]}: ROUNDS requests of 1,000 records on each of
 * CONNECTIONS (default 1) connections, each sending its next request when the last one is answered; records/s.</li>
 * <li>{@code paced URL KEY MODEL FEATURES RATE SECONDS}: single-record requests sent on a fixed schedule (open loop,
 * so a slow answer does not delay the next send); latency measured from each request's due time.</li>
 * </ul>
 */
public final class LoadGenerator {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final long WARM_UP_NANOS = 3_000_000_000L;

	private static final int PACED_WORKERS = 8;

	private LoadGenerator() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		URI predict = URI.create(args[1]).resolve("predict");
		String key = args[2];
		long modelId = Long.parseLong(args[3]);
		int features = Integer.parseInt(args[4]);
		HttpClient http = HttpClient.newHttpClient();
		Map<String, Object> result = switch (mode) {
			case "batch" -> batch(http, predict, key, modelId, features, Integer.parseInt(args[5]),
					(args.length > 6) ? Integer.parseInt(args[6]) : 1);
			case "paced" -> paced(predict, key, modelId, features, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
			default -> throw new IllegalArgumentException("mode: batch or paced");
		};
		System.out.println(JSON.writeValueAsString(result));
	}

	private static Map<String, Object> batch(HttpClient http, URI predict, String key, long modelId, int features,
			int rounds, int connections) throws Exception {
		HttpRequest request = request(predict, key, body(modelId, records(1000, features)));
		// this JVM is fresh: let the JIT compile the HTTP client's send and receive paths before measuring
		long warmUntil = System.nanoTime() + WARM_UP_NANOS;
		while (System.nanoTime() < warmUntil) {
			send(http, request);
		}
		var pool = Executors.newFixedThreadPool(connections);
		long start = System.nanoTime();
		List<java.util.concurrent.Future<?>> senders = new java.util.ArrayList<>();
		for (int c = 0; c < connections; c++) {
			senders.add(pool.submit(() -> {
				for (int i = 0; i < rounds; i++) {
					send(http, request);
				}
				return null;
			}));
		}
		for (var sender : senders) {
			sender.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rounds", rounds);
		result.put("connections", connections);
		result.put("recordsPerSecond", Math.round((double) rounds * connections * 1000 / seconds));
		return result;
	}

	/**
	 * Single records on a fixed schedule, open loop: request i is due at origin + i / rate whatever happened before,
	 * and its latency counts from then. Worker k of {@code PACED_WORKERS} sends requests k, k + workers, ... on its
	 * own connection, waking itself at each one's due time, so no hand-off between threads sits inside a latency;
	 * a blocking client, because java.net.http's selector and executor hops added about 1.5 ms to every request.
	 */
	private static Map<String, Object> paced(URI predict, String key, long modelId, int features, int rate,
			int seconds) throws Exception {
		float[][] records = records(100, features);
		String[] bodies = new String[records.length];
		for (int i = 0; i < records.length; i++) {
			bodies[i] = body(modelId, new float[][] { records[i] });
		}
		int total = rate * seconds;
		long intervalNanos = 1_000_000_000L / rate;
		long[] latencies = new long[total];
		try (CloseableHttpClient http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(PACED_WORKERS)
				.setMaxConnPerRoute(PACED_WORKERS)
				.build())
			.build()) {
			// single requests take thousands of calls before the server's request path is compiled: warm up longer
			long warmUntil = System.nanoTime() + 3 * WARM_UP_NANOS;
			for (int i = 0; System.nanoTime() < warmUntil; i++) {
				post(http, predict, key, bodies[i % bodies.length]);
			}
			long origin = System.nanoTime() + 10_000_000L;
			List<Thread> workers = new java.util.ArrayList<>();
			java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
			for (int w = 0; w < PACED_WORKERS; w++) {
				int first = w;
				Thread worker = new Thread(() -> {
					try {
						for (int i = first; i < total; i += PACED_WORKERS) {
							long due = origin + i * intervalNanos;
							for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
								java.util.concurrent.locks.LockSupport.parkNanos(wait);
							}
							post(http, predict, key, bodies[i % bodies.length]);
							latencies[i] = System.nanoTime() - due;
						}
					}
					catch (Exception ex) {
						failure.compareAndSet(null, ex);
					}
				});
				worker.start();
				workers.add(worker);
			}
			for (Thread worker : workers) {
				worker.join();
			}
			if (failure.get() != null) {
				throw failure.get();
			}
			double elapsed = (System.nanoTime() - origin) / 1e9;
			long[] sorted = latencies.clone();
			Arrays.sort(sorted);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("client", "Apache HttpClient 5 (blocking), " + PACED_WORKERS + " connections");
			result.put("targetRatePerSecond", rate);
			result.put("requests", sorted.length);
			result.put("achievedRatePerSecond", Math.round(sorted.length / elapsed));
			result.put("p50Ms", millis(sorted, 0.50));
			result.put("p90Ms", millis(sorted, 0.90));
			result.put("p99Ms", millis(sorted, 0.99));
			result.put("maxMs", sorted[sorted.length - 1] / 1e6);
			return result;
		}
	}

	private static void post(CloseableHttpClient http, URI predict, String key, String body) throws IOException {
		HttpPost post = new HttpPost(predict);
		post.setHeader("Authorization", "Bearer " + key);
		post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		int status = http.execute(post, response -> {
			EntityUtils.consume(response.getEntity());
			return response.getCode();
		});
		if (status != 200) {
			throw new IllegalStateException("status " + status);
		}
	}

	private static double millis(long[] sorted, double quantile) {
		return Math.round(sorted[(int) Math.min(sorted.length - 1, quantile * sorted.length)] / 1e3) / 1e3;
	}

	static float[][] records(int n, int features) {
		Random random = new Random(3);
		float[][] records = new float[n][features];
		for (float[] record : records) {
			for (int f = 0; f < features; f++) {
				record[f] = random.nextBoolean() ? 1f : 0f;
			}
		}
		return records;
	}

	static String body(long modelId, float[][] instances) throws Exception {
		return JSON.writeValueAsString(Map.of("modelId", modelId, "instances", instances));
	}

	private static HttpRequest request(URI predict, String key, String body) {
		return HttpRequest.newBuilder(predict)
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static void send(HttpClient http, HttpRequest request) throws Exception {
		HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("status " + response.statusCode());
		}
	}


}
