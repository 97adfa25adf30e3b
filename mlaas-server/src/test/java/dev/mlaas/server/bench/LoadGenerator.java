package dev.mlaas.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load side of the serving benchmark, run as a second process on loopback so that client work does not share
 * the server's JVM. Bounded in count and time. Prints one JSON object.
 * <ul>
 * <li>{@code batch URL KEY MODEL FEATURES ROUNDS [CONNECTIONS]}: ROUNDS requests of 1,000 records on each of
 * CONNECTIONS (default 1) connections, each sending its next request when the last one is answered; records/s.</li>
 * <li>{@code paced URL KEY MODEL FEATURES RATE SECONDS}: single-record requests sent on a fixed schedule (open loop,
 * so a slow answer does not delay the next send); latency measured from each request's scheduled time.</li>
 * </ul>
 */
public final class LoadGenerator {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final long WARM_UP_NANOS = 3_000_000_000L;

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
			case "paced" -> paced(http, predict, key, modelId, features, Integer.parseInt(args[5]),
					Integer.parseInt(args[6]));
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

	private static Map<String, Object> paced(HttpClient http, URI predict, String key, long modelId, int features,
			int rate, int seconds) throws Exception {
		float[][] records = records(100, features);
		HttpRequest[] requests = new HttpRequest[records.length];
		for (int i = 0; i < records.length; i++) {
			requests[i] = request(predict, key, body(modelId, new float[][] { records[i] }));
		}
		// single requests take thousands of calls before the server's request path is compiled: warm up longer
		long warmUntil = System.nanoTime() + 3 * WARM_UP_NANOS;
		for (int i = 0; System.nanoTime() < warmUntil; i++) {
			send(http, requests[i % requests.length]);
		}
		int total = rate * seconds;
		long intervalNanos = 1_000_000_000L / rate;
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
		long origin = System.nanoTime() + 10_000_000L;
		for (int i = 0; i < total; i++) {
			long scheduled = origin + i * intervalNanos;
			HttpRequest request = requests[i % requests.length];
			pacer.schedule(() -> pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.thenAccept(response -> {
					if (response.statusCode() != 200) {
						throw new IllegalStateException("status " + response.statusCode());
					}
					latencies.add(System.nanoTime() - scheduled);
				})), scheduled - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		pacer.shutdown();
		pacer.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		double achieved = sorted.length / ((System.nanoTime() - origin) / 1e9);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("targetRatePerSecond", rate);
		result.put("requests", sorted.length);
		result.put("achievedRatePerSecond", Math.round(achieved));
		result.put("p50Ms", millis(sorted, 0.50));
		result.put("p90Ms", millis(sorted, 0.90));
		result.put("p99Ms", millis(sorted, 0.99));
		result.put("maxMs", sorted[sorted.length - 1] / 1e6);
		return result;
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
