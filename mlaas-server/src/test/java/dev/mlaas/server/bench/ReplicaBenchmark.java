package dev.mlaas.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.mlaas.server.PostgresDatabase;
import dev.mlaas.server.PredictLoad;
import dev.mlaas.server.ServerProcess;
import dev.mlaas.server.TestIdx;
import dev.mlaas.server.TestNpy;

/**
 * Replicas on one PostgreSQL, measured: {@code /predict} throughput of two server processes against one (the same
 * clients, split between the two), and a longer crash run (one replica killed with SIGKILL halfway through a load
 * on both) with its ledger reconciled request by request. A program, not a test: run it with
 * {@code ./mvnw -B -pl mlaas-server -Pbench-replicas -DskipTests verify}; it writes {@code reports/bench-replicas.json}.
 */
public final class ReplicaBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private static final int CLIENTS = 4;

	private static final Duration WARM_UP = Duration.ofSeconds(10);

	private static final Duration MEASURE = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newHttpClient();

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("mlaas-replicas");
		String[] database = PostgresDatabase.newDatabase();
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("machine", ServingBenchmark.machine());
		results.put("startedAt", Instant.now().toString());
		results.put("database", "PostgreSQL 17 (" + PostgresDatabase.path() + "), on the same machine");
		new ReplicaBenchmark().run(dir, database, results);
		Path out = Path.of("..", "reports", "bench-replicas.json");
		Files.createDirectories(out.getParent());
		JSON.writeValue(out.toFile(), results);
		System.out.println(JSON.writeValueAsString(results));
		System.exit(0);
	}

	private void run(Path dir, String[] database, Map<String, Object> results) throws Exception {
		try (ServerProcess a = replica(dir, database, "a")) {
			String owner = signUp(a.url());
			float[][] records = ServingBenchmark.binaryRecords(2500, 600, 1);
			int[] labels = new Random(2).ints(2500, 0, 100).toArray();
			long dataset = upload(a.url(), owner, TestIdx.binaryRows(records), TestIdx.labels(labels));
			long model = train(a.url(), owner, dataset);
			call(a.url(), owner, "PATCH", "/models/" + model, "{\"published\":true}");
			byte[] batch = TestNpy.uint8(java.util.Arrays.copyOf(records, 1000));
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				keys.add(signUp(a.url()));
			}

			// one replica: every client on a
			load(List.of(a.url()), keys, model, batch, WARM_UP);
			Map<String, Object> one = load(List.of(a.url()), keys, model, batch, MEASURE);
			try (ServerProcess b = replica(dir, database, "b")) {
				// two replicas: the same clients, half on each; b warmed up first as a was
				load(List.of(b.url()), keys, model, batch, WARM_UP);
				Map<String, Object> two = load(List.of(a.url(), b.url()), keys, model, batch, MEASURE);
				Map<String, Object> throughput = new LinkedHashMap<>();
				throughput.put("clients", CLIENTS);
				throughput.put("body", "uint8 .npy, 1,000 records of 600 features; float32 .npy answers");
				throughput.put("oneReplica", one);
				throughput.put("twoReplicas", two);
				throughput.put("twoOverOne", Math.round(1000.0 * ((Number) two.get("recordsPerSecond")).doubleValue()
						/ ((Number) one.get("recordsPerSecond")).doubleValue()) / 1000.0);
				results.put("predictThroughput", throughput);

				results.put("crash", crash(a, b, model));
			}
		}
	}

	/** {@code clients} keys send batches to the replicas (client i to replica i mod n) for {@code length}. */
	private Map<String, Object> load(List<URI> replicas, List<String> keys, long model, byte[] batch,
			Duration length) throws Exception {
		AtomicLong records = new AtomicLong();
		AtomicLong refused = new AtomicLong();
		long[] cpuBefore = cpu();
		long end = System.nanoTime() + length.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			URI replica = replicas.get(i % replicas.size());
			String key = keys.get(i);
			Thread thread = new Thread(() -> {
				HttpRequest request = HttpRequest.newBuilder(replica.resolve("/predict?modelId=" + model))
					.header("Authorization", "Bearer " + key)
					.header("Content-Type", "application/x-npy")
					.header("Accept", "application/x-npy")
					.POST(HttpRequest.BodyPublishers.ofByteArray(batch))
					.build();
				while (System.nanoTime() < end) {
					try {
						HttpResponse<byte[]> answer = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
						if (answer.statusCode() == 200) {
							records.addAndGet(1000);
						}
						else {
							refused.incrementAndGet();
						}
					}
					catch (IOException | InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long[] cpuAfter = cpu();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("replicas", replicas.size());
		figures.put("seconds", length.toSeconds());
		figures.put("recordsPerSecond", records.get() / length.toSeconds());
		figures.put("refused", refused.get());
		// the whole machine's CPU over the run (every process: servers, PostgreSQL, these clients)
		figures.put("machineCpuBusy", Math.round(1000.0 * (1 - (double) (cpuAfter[1] - cpuBefore[1])
				/ (cpuAfter[0] - cpuBefore[0]))) / 1000.0);
		return figures;
	}

	/**
	 * Eight keys send batches of 10, four to each replica, for 20 s; replica a is killed with SIGKILL at 10 s. Then
	 * every answer's charge is looked up in the ledger through b.
	 */
	private Map<String, Object> crash(ServerProcess a, ServerProcess b, long model) throws Exception {
		AtomicBoolean killed = new AtomicBoolean();
		String body = PredictLoad.body(model, 10, 600);
		List<PredictLoad.Client> clients = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			URI server = (i % 2 == 0) ? a.url() : b.url();
			clients.add(new PredictLoad.Client(server, signUp(server), body, killed));
		}
		clients.forEach(client -> client.thread.start());
		Thread.sleep(10_000);
		killed.set(true);
		a.kill();
		Thread.sleep(10_000);
		clients.forEach(client -> client.stop = true);
		long sent = 0;
		long answered = 0;
		long ledgerRows = 0;
		long lost = 0;
		long duplicates = 0;
		long withoutAnswer = 0;
		for (PredictLoad.Client client : clients) {
			client.thread.join(30_000);
			if (client.failure != null) {
				throw new IllegalStateException("a client failed", client.failure);
			}
			Map<String, Integer> lines = PredictLoad.predictionLines(b.url(), client.key);
			sent += client.sent.get();
			answered += client.charges.size();
			ledgerRows += lines.values().stream().mapToLong(Integer::longValue).sum();
			Set<String> seen = new HashSet<>();
			for (String charge : client.charges) {
				duplicates += seen.add(charge) ? 0 : 1;
				Integer units = lines.get(charge);
				if (units == null) {
					lost++;
				}
				else if (units != 10) {
					duplicates++;
				}
			}
			Set<String> extra = new HashSet<>(lines.keySet());
			extra.removeAll(client.charges);
			withoutAnswer += extra.size();
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("clients", clients.size());
		figures.put("seconds", 20);
		figures.put("killedAfterSeconds", 10);
		figures.put("requestsSent", sent);
		figures.put("answered2xx", answered);
		figures.put("ledgerRows", ledgerRows);
		figures.put("ledgerCharges", answered + withoutAnswer);
		figures.put("duplicates", duplicates);
		figures.put("lost", lost);
		figures.put("chargedWithoutAnswer", withoutAnswer);
		return figures;
	}

	private static long[] cpu() throws IOException {
		String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
		long total = 0;
		for (int i = 1; i < fields.length; i++) {
			total += Long.parseLong(fields[i]);
		}
		return new long[] { total, Long.parseLong(fields[4]) + Long.parseLong(fields[5]) };
	}

	private static ServerProcess replica(Path dir, String[] database, String name) throws Exception {
		return ServerProcess.start(dir.resolve(name), name + ".log", List.of("--spring.profiles.active=postgres",
				"--spring.datasource.url=" + database[0], "--spring.datasource.username=" + database[1],
				"--spring.datasource.password=" + database[2], "--logging.level.root=WARN"));
	}

	private String signUp(URI server) throws Exception {
		return call(server, null, "POST", "/accounts", "{\"name\":\"bench\"}").get("apiKey").asText();
	}

	private long upload(URI server, String key, byte[] images, byte[] labels) throws Exception {
		String boundary = "replica-bench";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Object[] part : new Object[][] { { "images", images }, { "labels", labels } }) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0]
					+ "\"; filename=\"" + part[0] + "\"\r\n\r\n").getBytes());
			body.writeBytes((byte[]) part[1]);
			body.writeBytes("\r\n".getBytes());
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes());
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(server.resolve("/datasets"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != 201) {
			throw new IllegalStateException(answer.body());
		}
		return JSON.readTree(answer.body()).get("id").asLong();
	}

	private long train(URI server, String key, long dataset) throws Exception {
		long job = call(server, key, "POST", "/train", "{\"datasetId\":" + dataset + ",\"architecture\":\"mlp\","
				+ "\"hiddenUnits\":[128],\"epochs\":5,\"seed\":1}").get("id").asLong();
		while (true) {
			JsonNode view = call(server, key, "GET", "/jobs/" + job, null);
			String status = view.get("status").asText();
			if (status.equals("SUCCEEDED")) {
				return view.get("modelId").asLong();
			}
			if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
				throw new IllegalStateException("job " + status);
			}
			Thread.sleep(200);
		}
	}

	private JsonNode call(URI server, String key, String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() >= 300) {
			throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
		}
		return JSON.readTree(answer.body());
	}

}
