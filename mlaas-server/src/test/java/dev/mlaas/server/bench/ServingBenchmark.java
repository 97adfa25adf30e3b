package dev.mlaas.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mlaas.server.MlaasServerApplication;
import dev.mlaas.server.models.ModelService;
import dev.mlaas.server.models.ServableModel;

/**
 * Serving and training figures for the README, measured in one run on one machine, so that ratios compare like with
 * like: {@code /predict} over HTTP (JSON, auth, ledger included) against the same model's in-process forward pass,
 * single-record latency percentiles, and DL4J training time of the Purchase-like MLP and the Fashion-MNIST CNN
 * through {@code POST /train}. Not a test: run it with {@code ./mvnw -pl mlaas-server -Pbench verify}.
 */
public final class ServingBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI base;

	private final String key;

	private ServingBenchmark(URI base, String key) {
		this.base = base;
		this.key = key;
	}

	public static void main(String[] args) throws Exception {
		int batchRounds = Integer.getInteger("bench.batchRounds", 30);
		int singleRequests = Integer.getInteger("bench.singleRequests", 2000);
		int cnnEpochs = Integer.getInteger("bench.cnnEpochs", 5);
		Path fashionDir = Path.of(System.getProperty("bench.fashionDir", "../data/fashion-mnist"));
		ConfigurableApplicationContext context = SpringApplication.run(MlaasServerApplication.class,
				"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
				"--logging.level.root=WARN");
		try {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			URI base = URI.create("http://127.0.0.1:" + port + "/");
			JsonNode account = JSON.readTree(post(HttpClient.newHttpClient(), base.resolve("accounts"), null,
					"{\"name\":\"bench\"}"));
			ServingBenchmark bench = new ServingBenchmark(base, account.get("apiKey").asText());
			Map<String, Object> results = new LinkedHashMap<>();
			results.put("machine", machine());
			results.put("startedAt", Instant.now().toString());

			float[][] purchase = binaryRecords(2500, 600, 1);
			int[] labels = new Random(2).ints(2500, 0, 100).toArray();
			long datasetId = bench.upload(idxImages(purchase, 600), idxLabels(labels));
			Map<String, Object> mlp = bench.train(datasetId, Map.of("architecture", "mlp", "hiddenUnits", List.of(128),
					"epochs", 50, "batchSize", 100, "learningRate", 0.001, "seed", 1));
			results.put("trainingPurchaseMlp600x128x100_2500records_50epochs", mlp);
			long modelId = ((Number) mlp.get("modelId")).longValue();

			ServableModel model = context.getBean(ModelService.class).servable(account.get("accountId").asLong(),
					modelId);
			float[][] batch = Arrays.copyOf(purchase, 1000);
			results.put("predictBatch1000", bench.batchThroughput(model, batch, batchRounds));
			results.put("predictSingleRecord", bench.singleLatency(modelId, purchase, singleRequests));

			if (Files.isDirectory(fashionDir)) {
				byte[][] fashion = fashionSubset(fashionDir, 2500);
				long fashionId = bench.upload(fashion[0], fashion[1]);
				Map<String, Object> cnn = bench.train(fashionId, Map.of("architecture", "cnn", "epochs", cnnEpochs,
						"batchSize", 100, "learningRate", 0.001, "seed", 1));
				cnn.put("secondsPerEpoch", ((Number) cnn.get("trainingSeconds")).doubleValue() / cnnEpochs);
				results.put("trainingFashionCnn_2500records", cnn);
			}
			else {
				results.put("trainingFashionCnn_2500records", "skipped: no Fashion-MNIST in " + fashionDir
						+ " (run scripts/fetch-fashion-mnist.sh)");
			}
			String report = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results);
			System.out.println(report);
			Path out = Path.of("..", "reports", "bench-serving.json");
			Files.createDirectories(out.getParent());
			Files.writeString(out, report);
			System.out.println("written to " + out.normalize());
		}
		finally {
			context.close();
		}
	}

	private Map<String, Object> batchThroughput(ServableModel model, float[][] batch, int rounds) throws Exception {
		float[] flat = new float[batch.length * batch[0].length];
		for (int i = 0; i < batch.length; i++) {
			System.arraycopy(batch[i], 0, flat, i * batch[0].length, batch[0].length);
		}
		String body = JSON.writeValueAsString(Map.of("modelId", model.id(), "instances", batch));
		for (int i = 0; i < 5; i++) {
			model.predict(flat, batch.length);
			post(this.http, this.base.resolve("predict"), this.key, body);
		}
		// interleave the two so that both see the same machine load
		long inProcessNanos = 0;
		long httpNanos = 0;
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			model.predict(flat, batch.length);
			inProcessNanos += System.nanoTime() - start;
			start = System.nanoTime();
			post(this.http, this.base.resolve("predict"), this.key, body);
			httpNanos += System.nanoTime() - start;
		}
		double inProcess = rounds * batch.length / (inProcessNanos / 1e9);
		double overHttp = rounds * batch.length / (httpNanos / 1e9);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rounds", rounds);
		result.put("inProcessRecordsPerSecond", Math.round(inProcess));
		result.put("httpRecordsPerSecond", Math.round(overHttp));
		result.put("httpOverInProcess", round(overHttp / inProcess));
		result.put("requestBodyBytes", body.length());
		return result;
	}

	private Map<String, Object> singleLatency(long modelId, float[][] records, int requests) throws Exception {
		String[] bodies = new String[100];
		for (int i = 0; i < bodies.length; i++) {
			bodies[i] = JSON.writeValueAsString(Map.of("modelId", modelId, "instances", new float[][] { records[i] }));
		}
		for (int i = 0; i < 200; i++) {
			post(this.http, this.base.resolve("predict"), this.key, bodies[i % bodies.length]);
		}
		long[] micros = new long[requests];
		Instant start = Instant.now();
		for (int i = 0; i < requests; i++) {
			long t = System.nanoTime();
			post(this.http, this.base.resolve("predict"), this.key, bodies[i % bodies.length]);
			micros[i] = (System.nanoTime() - t) / 1000;
		}
		double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
		Arrays.sort(micros);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("requests", requests);
		result.put("sequentialRequestsPerSecond", Math.round(requests / seconds));
		result.put("p50Ms", micros[requests / 2] / 1000.0);
		result.put("p90Ms", micros[(int) (requests * 0.90)] / 1000.0);
		result.put("p99Ms", micros[(int) (requests * 0.99)] / 1000.0);
		result.put("maxMs", micros[requests - 1] / 1000.0);
		return result;
	}

	private long upload(byte[] images, byte[] labels) throws Exception {
		String boundary = "bench-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Object[] part : new Object[][] { { "images", images }, { "labels", labels } }) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0]
					+ "\"; filename=\"" + part[0] + "\"\r\n\r\n").getBytes());
			body.writeBytes((byte[]) part[1]);
			body.writeBytes("\r\n".getBytes());
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes());
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("datasets"))
			.header("Authorization", "Bearer " + this.key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return JSON.readTree(send(this.http, request)).get("id").asLong();
	}

	private Map<String, Object> train(long datasetId, Map<String, Object> recipe) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>(recipe);
		body.put("datasetId", datasetId);
		JsonNode job = JSON.readTree(post(this.http, this.base.resolve("train"), this.key,
				JSON.writeValueAsString(body)));
		long jobId = job.get("id").asLong();
		while (true) {
			HttpRequest get = HttpRequest.newBuilder(this.base.resolve("jobs/" + jobId))
				.header("Authorization", "Bearer " + this.key)
				.build();
			job = JSON.readTree(send(this.http, get));
			String status = job.get("status").asText();
			if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
				break;
			}
			Thread.sleep(200);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("status", job.get("status").asText());
		result.put("modelId", job.path("modelId").asLong());
		result.put("trainingAccuracy", job.path("trainingAccuracy").asDouble());
		// the job's own clock: from the worker's start to the stored model, excluding queueing
		double seconds = Duration.between(Instant.parse(job.get("startedAt").asText()),
				Instant.parse(job.get("finishedAt").asText())).toMillis() / 1000.0;
		result.put("trainingSeconds", seconds);
		result.put("recipe", recipe);
		return result;
	}

	private static String post(HttpClient http, URI uri, String key, String json) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (key != null) {
			builder.header("Authorization", "Bearer " + key);
		}
		return send(http, builder.build());
	}

	private static String send(HttpClient http, HttpRequest request) throws Exception {
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
					+ response.body());
		}
		return response.body();
	}

	private static float[][] binaryRecords(int rows, int features, long seed) {
		Random random = new Random(seed);
		float[][] records = new float[rows][features];
		for (float[] record : records) {
			for (int f = 0; f < features; f++) {
				record[f] = random.nextBoolean() ? 1f : 0f;
			}
		}
		return records;
	}

	private static byte[] idxImages(float[][] records, int width) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(0x00000802);
		out.writeInt(records.length);
		out.writeInt(width);
		for (float[] record : records) {
			for (float value : record) {
				out.writeByte((int) value);
			}
		}
		return bytes.toByteArray();
	}

	private static byte[] idxLabels(int[] labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(0x00000801);
		out.writeInt(labels.length);
		for (int label : labels) {
			out.writeByte(label);
		}
		return bytes.toByteArray();
	}

	/** The first {@code n} training images (scaled to [0, 1], as float IDX) and their labels. */
	private static byte[][] fashionSubset(Path dir, int n) throws IOException {
		ByteArrayOutputStream images = new ByteArrayOutputStream();
		ByteArrayOutputStream labels = new ByteArrayOutputStream();
		try (DataInputStream in = gz(dir.resolve("train-images-idx3-ubyte.gz"));
				DataInputStream labelsIn = gz(dir.resolve("train-labels-idx1-ubyte.gz"))) {
			in.skipNBytes(16);
			labelsIn.skipNBytes(8);
			DataOutputStream out = new DataOutputStream(images);
			out.writeInt(0x00000D03);
			out.writeInt(n);
			out.writeInt(28);
			out.writeInt(28);
			for (int i = 0; i < n * 784; i++) {
				out.writeFloat(in.readUnsignedByte() / 255f);
			}
			DataOutputStream labelsOut = new DataOutputStream(labels);
			labelsOut.writeInt(0x00000801);
			labelsOut.writeInt(n);
			labelsOut.write(labelsIn.readNBytes(n));
		}
		return new byte[][] { images.toByteArray(), labels.toByteArray() };
	}

	private static DataInputStream gz(Path file) throws IOException {
		InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
		return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
	}

	private static Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("java", System.getProperty("java.version"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		String threads = System.getenv("OMP_NUM_THREADS");
		machine.put("ompNumThreads", (threads != null) ? threads : "unset");
		return machine;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}


}
