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
import dev.mlaas.server.TestIdx;
import dev.mlaas.server.TestNpy;
import dev.mlaas.server.models.ModelService;
import dev.mlaas.server.models.ServableModel;

/**
 * Serving and training figures for the README, measured in one run on one machine, so that ratios compare like with
 * like: {@code /predict} over HTTP (JSON, auth, ledger included) against the same model's in-process forward pass,
 * with and without the ledger, single-record latency at a fixed request rate, two training jobs side by side
 * against one, and DL4J training time of the Purchase-like MLP and the Fashion-MNIST CNN through {@code POST /train}
 * against PyTorch on the same machine ({@code bench/pytorch_reference.py}). The load comes from a second process:
 * {@code wrk} for batches when it is installed, {@link LoadGenerator} otherwise and for the paced single records.
 * Not a test: run it with {@code ./mvnw -pl mlaas-server -Pbench -DskipTests verify}.
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
		int blocks = Integer.getInteger("bench.blocks", 5);
		int batchRounds = Integer.getInteger("bench.batchRounds", 100);
		int pacedRate = Integer.getInteger("bench.pacedRate", 200);
		int pacedSeconds = Integer.getInteger("bench.pacedSeconds", 10);
		int cnnEpochs = Integer.getInteger("bench.cnnEpochs", 5);
		Path repo = Path.of(System.getProperty("bench.repo", "..")).toAbsolutePath().normalize();
		Path fashionDir = repo.resolve("data/fashion-mnist");
		// what to run: any of serving, paced, jobs, training, defenses (all by default), for quicker looks at one figure
		java.util.Set<String> parts = java.util.Set
			.of(System.getProperty("bench.parts", "serving,paced,jobs,training,defenses").split(","));
		// the product's default database, H2 in file mode, in a fresh directory; the second (no-op ledger) context
		// in this JVM opens the same database
		Path dataDir = Files.createTempDirectory("mlaas-bench");
		// the product's own database URL (with its settings: WRITE_DELAY=0 among them), in that directory
		String database = "--mlaas.data-dir=" + dataDir;
		// every request still takes from the key's rate-limit bucket, but one large enough that the load is never
		// refused: the figures are then the service's full metering cost, not its refusals
		ConfigurableApplicationContext real = SpringApplication.run(MlaasServerApplication.class, "--server.port=0",
				database, "--logging.level.root=WARN", "--mlaas.plans.catalog.standard.requests-per-second=1000000",
				"--mlaas.plans.catalog.standard.burst=1000000");
		ConfigurableApplicationContext noLedger = null;
		try {
			// the same database, served by a second context whose ledger writes nothing (benchmark only) and whose
			// default plan has no rate limit or quota on predictions: no metering at all on the predict path
			noLedger = new org.springframework.boot.builder.SpringApplicationBuilder(MlaasServerApplication.class,
					dev.mlaas.server.metering.NoOpLedgerConfiguration.class)
				.run("--server.port=0", database, "--logging.level.root=WARN",
						"--spring.main.allow-bean-definition-overriding=true",
						"--mlaas.plans.catalog.standard.requests-per-second=", "--mlaas.plans.catalog.standard.burst=",
						"--mlaas.plans.catalog.standard.predictions-per-day=");
			URI base = url(real);
			JsonNode account = JSON.readTree(post(HttpClient.newHttpClient(), base.resolve("accounts"), null,
					"{\"name\":\"bench\"}"));
			ServingBenchmark bench = new ServingBenchmark(base, account.get("apiKey").asText());
			Map<String, Object> results = new LinkedHashMap<>();
			results.put("machine", machine());
			results.put("startedAt", Instant.now().toString());

			float[][] purchase = binaryRecords(2500, 600, 1);
			int[] labels = new Random(2).ints(2500, 0, 100).toArray();
			long datasetId = bench.upload(TestIdx.binaryRows(purchase), TestIdx.labels(labels));
			Map<String, Object> mlpRecipe = Map.of("architecture", "mlp", "hiddenUnits", List.of(128), "epochs", 50,
					"batchSize", 100, "learningRate", 0.001, "seed", 1);
			Map<String, Object> mlp = bench.train(datasetId, mlpRecipe);
			results.put("trainingMlp", mlp);
			long modelId = ((Number) mlp.get("modelId")).longValue();

			ServableModel model = real.getBean(ModelService.class).servable(account.get("accountId").asLong(),
					modelId);
			if (parts.contains("serving")) {
				results.put("predictBatch1000", bench.batchComparison(model, purchase, url(noLedger), blocks,
						batchRounds));
			}
			if (parts.contains("paced")) {
				results.put("predictSingleRecordPaced",
						bench.loadGenerator("paced", base, modelId, 600, pacedRate, pacedSeconds));
			}
			if (parts.contains("jobs")) {
				results.put("jobsSideBySide", bench.sideBySide(repo, datasetId, mlpRecipe));
			}
			if (parts.contains("training")) {
				// the same job again on a server that has trained once: the JIT has compiled the training loop, as
				// in a service that runs jobs all day (the first job's figure stays in the report)
				results.put("trainingMlpWarm", bench.train(datasetId, mlpRecipe));
				results.put("pytorch", pytorchReference(repo, cnnEpochs));
				results.put("trainingCnn", Files.isDirectory(fashionDir) ? bench.trainCnn(fashionDir, cnnEpochs)
						: "skipped: no Fashion-MNIST in " + fashionDir + " (run scripts/fetch-fashion-mnist.sh)");
			}
			if (parts.contains("defenses")) {
				// what the training-time defenses cost the service, each beside the plain job in the same run
				results.put("pytorchDefenses", pytorchReference(repo, cnnEpochs, true));
				results.put("trainingMlpPlain", bench.train(datasetId, mlpRecipe));
				results.put("trainingMlpDropout", bench.train(datasetId, with(mlpRecipe, "dropout", 0.5)));
				results.put("trainingMlpDpSgd", bench.train(datasetId, with(mlpRecipe, "dpSgd", DP_SGD)));
				if (Files.isDirectory(fashionDir)) {
					long fashionId = bench.uploadFashion(fashionDir);
					Map<String, Object> cnnRecipe = cnnRecipe(cnnEpochs);
					results.put("trainingCnnPlain", bench.train(fashionId, cnnRecipe));
					results.put("trainingCnnDropout", bench.train(fashionId, with(cnnRecipe, "dropout", 0.5)));
					// the plain job again after it, so that an order effect (the plain job first on a fresh
					// server) shows as a difference between the two plain figures
					results.put("trainingCnnPlainAfter", bench.train(fashionId, cnnRecipe));
					results.put("trainingCnnDpSgd", bench.train(fashionId, with(cnnRecipe, "dpSgd", DP_SGD)));
				}
			}
			results.put("ratios", ratios(results));
			String report = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results);
			System.out.println(report);
			Path out = repo.resolve("reports/bench-serving.json");
			Files.createDirectories(out.getParent());
			Files.writeString(out, report);
			System.out.println("written to " + out);
		}
		finally {
			if (noLedger != null) {
				noLedger.close();
			}
			real.close();
		}
	}

	private static final Map<String, Object> DP_SGD = Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0);

	private Map<String, Object> trainCnn(Path fashionDir, int epochs) throws Exception {
		return train(uploadFashion(fashionDir), cnnRecipe(epochs));
	}

	private long uploadFashion(Path fashionDir) throws Exception {
		byte[][] fashion = fashionSubset(fashionDir, 2500);
		return upload(fashion[0], fashion[1]);
	}

	private static Map<String, Object> cnnRecipe(int epochs) {
		return Map.of("architecture", "cnn", "epochs", epochs, "batchSize", 100, "learningRate", 0.001, "seed", 1);
	}

	private static Map<String, Object> with(Map<String, Object> recipe, String key, Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(recipe);
		changed.put(key, value);
		return changed;
	}

	/** The headline ratios, each from figures of this one run. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> ratios(Map<String, Object> results) {
		Map<String, Object> ratios = new LinkedHashMap<>();
		if (results.get("predictBatch1000") instanceof Map<?, ?> batch) {
			ratios.put("predictHttpOverInProcess", batch.get("httpOverInProcess"));
			ratios.put("predictTwoConnectionsOverInProcessTwoThreads",
					batch.get("httpTwoConnectionsOverInProcessTwoThreads"));
			ratios.put("predictRealLedgerOverNoOpLedger", batch.get("realLedgerOverNoOpLedger"));
			if (batch.get("npy") instanceof Map<?, ?> npy) {
				ratios.put("predictNpyFloat32OverInProcess", npy.get("float32OverInProcess"));
				ratios.put("predictNpyFloat32TwoConnectionsOverInProcessTwoThreads",
						npy.get("float32TwoConnectionsOverInProcessTwoThreads"));
				ratios.put("predictNpyUint8OverInProcess", npy.get("uint8OverInProcess"));
				ratios.put("predictNpyRealLedgerOverNoOpLedger", npy.get("float32RealLedgerOverNoOpLedger"));
			}
		}
		if (results.get("jobsSideBySide") instanceof Map<?, ?> sideBySide) {
			ratios.put("twoJobsOverOneJob", sideBySide.get("twoOverOne"));
			if (sideBySide.get("pytorchControl") instanceof Map<?, ?> control) {
				ratios.put("pytorchTwoOverOneControl", control.get("twoOverOne"));
			}
		}
		if (results.get("pytorch") instanceof Map<?, ?> pytorch && Boolean.TRUE.equals(pytorch.get("available"))) {
			double pytorchMlp = ((Number) pytorch.get("mlpSeconds")).doubleValue();
			Map<String, Object> warm = (Map<String, Object>) results.get("trainingMlpWarm");
			ratios.put("mlpDl4jOverPytorch",
					round(((Number) warm.get("steadySeconds")).doubleValue() / pytorchMlp * 50 / 49));
			Map<String, Object> cold = (Map<String, Object>) results.get("trainingMlp");
			ratios.put("mlpDl4jFirstJobOverPytorch",
					round(((Number) cold.get("steadySeconds")).doubleValue() / pytorchMlp * 50 / 49));
			if (results.get("trainingCnn") instanceof Map<?, ?> cnn) {
				ratios.put("cnnEpochDl4jOverPytorch", round(((Number) cnn.get("steadySecondsPerEpoch")).doubleValue()
						/ ((Number) pytorch.get("cnnSecondsPerEpoch")).doubleValue()));
			}
		}
		if (results.get("pytorchDefenses") instanceof Map<?, ?> pytorch
				&& Boolean.TRUE.equals(pytorch.get("available"))) {
			defenseRatios(ratios, results, (Map<String, Object>) pytorch);
		}
		return ratios;
	}

	/**
	 * Each defense's job over the plain job of this run, and over PyTorch training the same defended net (the MLP's
	 * whole 50 epochs less the first, the CNN's epoch, as the plain ratios take them).
	 */
	@SuppressWarnings("unchecked")
	private static void defenseRatios(Map<String, Object> ratios, Map<String, Object> results,
			Map<String, Object> pytorch) {
		for (String net : List.of("Mlp", "Cnn")) {
			if (!(results.get("training" + net + "Plain") instanceof Map<?, ?> plain)) {
				continue;
			}
			String figure = net.equals("Mlp") ? "steadySeconds" : "steadySecondsPerEpoch";
			String pytorchFigure = net.equals("Mlp") ? "Seconds" : "SecondsPerEpoch";
			double scale = net.equals("Mlp") ? 50.0 / 49 : 1.0;
			double plainSeconds = ((Number) plain.get(figure)).doubleValue();
			for (String defense : List.of("Dropout", "DpSgd")) {
				Map<String, Object> job = (Map<String, Object>) results.get("training" + net + defense);
				double seconds = ((Number) job.get(figure)).doubleValue();
				ratios.put(net.toLowerCase() + defense + "OverPlain", round(seconds / plainSeconds));
				if (defense.equals("Dropout") && results.get("training" + net + "PlainAfter") instanceof Map<?, ?> after) {
					ratios.put(net.toLowerCase() + "DropoutOverPlainAfter",
							round(seconds / ((Number) after.get(figure)).doubleValue()));
				}
				Object reference = pytorch.get(net.toLowerCase() + defense + pytorchFigure);
				if (reference instanceof Number pytorchSeconds) {
					ratios.put(net.toLowerCase() + defense + "Dl4jOverPytorch" + defense,
							round(seconds / pytorchSeconds.doubleValue() * scale));
				}
			}
		}
	}

	private static URI url(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/");
	}

	/**
	 * Batches of 1,000 records: the in-process forward pass, then HTTP from a second process against the real
	 * server and against the no-op-ledger one, in alternating blocks so all of them see the same machine; medians.
	 * The load comes from {@code wrk} when it is installed (a C client costs the shared cores least), otherwise
	 * from {@link LoadGenerator}; the report says which.
	 */
	private Map<String, Object> batchComparison(ServableModel model, float[][] records, URI noLedger, int blocks,
			int rounds) throws Exception {
		float[] flat = new float[1000 * records[0].length];
		for (int i = 0; i < 1000; i++) {
			System.arraycopy(records[i], 0, flat, i * records[0].length, records[0].length);
		}
		BatchLoad found = BatchLoad.find(model.id(), records[0].length, this.key);
		BatchLoad load = (found != null) ? found : new JavaLoad(model.id(), records[0].length);
		for (int i = 0; i < 20; i++) {
			model.predict(flat, 1000);
		}
		load.warmUp(this.base);
		load.warmUp(noLedger);
		load.warmUpBinary(this.base);
		load.warmUpBinary(noLedger);
		double[] inProcess = new double[blocks];
		double[] http = new double[blocks];
		double[] httpNoLedger = new double[blocks];
		double[] httpTwoConnections = new double[blocks];
		double[] inProcessTwoThreads = new double[blocks];
		double[] npy = new double[blocks];
		double[] npyNoLedger = new double[blocks];
		double[] npyTwoConnections = new double[blocks];
		double[] npyUint8 = new double[blocks];
		var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		for (int b = 0; b < blocks; b++) {
			long start = System.nanoTime();
			for (int i = 0; i < rounds; i++) {
				model.predict(flat, 1000);
			}
			inProcess[b] = rounds * 1000 / ((System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			List<java.util.concurrent.Future<?>> threads = new java.util.ArrayList<>();
			for (int t = 0; t < 2; t++) {
				threads.add(pool.submit(() -> {
					for (int i = 0; i < rounds / 2; i++) {
						model.predict(flat, 1000);
					}
				}));
			}
			for (var thread : threads) {
				thread.get();
			}
			inProcessTwoThreads[b] = (rounds / 2) * 2 * 1000 / ((System.nanoTime() - start) / 1e9);
			http[b] = load.recordsPerSecond(this.base, 1);
			httpNoLedger[b] = load.recordsPerSecond(noLedger, 1);
			httpTwoConnections[b] = load.recordsPerSecond(this.base, 2);
			npy[b] = load.recordsPerSecond(this.base, 1, Body.NPY_FLOAT32);
			npyNoLedger[b] = load.recordsPerSecond(noLedger, 1, Body.NPY_FLOAT32);
			npyTwoConnections[b] = load.recordsPerSecond(this.base, 2, Body.NPY_FLOAT32);
			npyUint8[b] = load.recordsPerSecond(this.base, 1, Body.NPY_UINT8);
		}
		pool.shutdown();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("blocks", blocks);
		result.put("inProcessRoundsPerBlock", rounds);
		result.put("loadGenerator", load.name());
		result.put("servingPass", model.pass());
		result.put("inProcessRecordsPerSecond", Math.round(median(inProcess)));
		result.put("httpRecordsPerSecond", Math.round(median(http)));
		result.put("httpNoOpLedgerRecordsPerSecond", Math.round(median(httpNoLedger)));
		result.put("httpTwoConnectionsRecordsPerSecond", Math.round(median(httpTwoConnections)));
		result.put("inProcessTwoThreadsRecordsPerSecond", Math.round(median(inProcessTwoThreads)));
		result.put("httpTwoConnectionsOverInProcessTwoThreads",
				round(median(httpTwoConnections) / median(inProcessTwoThreads)));
		result.put("httpOverInProcess", round(median(http) / median(inProcess)));
		result.put("realLedgerOverNoOpLedger", round(median(http) / median(httpNoLedger)));
		if (!Double.isNaN(npy[0])) {
			// the same batches as .npy arrays, answered as .npy (the load must be wrk)
			Map<String, Object> binary = new LinkedHashMap<>();
			binary.put("float32RecordsPerSecond", Math.round(median(npy)));
			binary.put("float32NoOpLedgerRecordsPerSecond", Math.round(median(npyNoLedger)));
			binary.put("float32TwoConnectionsRecordsPerSecond", Math.round(median(npyTwoConnections)));
			binary.put("uint8RecordsPerSecond", Math.round(median(npyUint8)));
			binary.put("float32OverInProcess", round(median(npy) / median(inProcess)));
			binary.put("float32TwoConnectionsOverInProcessTwoThreads",
					round(median(npyTwoConnections) / median(inProcessTwoThreads)));
			binary.put("uint8OverInProcess", round(median(npyUint8) / median(inProcess)));
			binary.put("float32RealLedgerOverNoOpLedger", round(median(npy) / median(npyNoLedger)));
			result.put("npy", binary);
		}
		return result;
	}

	/** Where the batch load comes from: {@code wrk} for a fixed time, or {@link LoadGenerator} for fixed rounds. */
	private interface BatchLoad {

		int BLOCK_SECONDS = 2;

		/**
		 * Load on each server and body before the measured blocks, on two connections: the JIT goes on compiling the
		 * request path for tens of seconds (after 8 s of load its compiler threads still took a fifth of the CPU,
		 * and two connections served 179 .npy batches a second; after 40 s, 237).
		 */
		int WARM_UP_SECONDS = Integer.getInteger("bench.warmUpSeconds", 15);

		String name();

		void warmUp(URI server) throws Exception;

		double recordsPerSecond(URI server, int connections) throws Exception;

		/** Warms up the {@code .npy} paths; a load that cannot send them does nothing. */
		default void warmUpBinary(URI server) throws Exception {
		}

		/** Records per second with the given body, or NaN when this load cannot send it. */
		default double recordsPerSecond(URI server, int connections, Body body) throws Exception {
			return (body == Body.JSON) ? recordsPerSecond(server, connections) : Double.NaN;
		}

		static BatchLoad find(long modelId, int features, String key) throws Exception {
			Path wrk = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
				.map(dir -> Path.of(dir, "wrk"))
				.filter(Files::isExecutable)
				.findFirst()
				.orElse(null);
			return (wrk != null) ? Wrk.of(wrk, modelId, features, key) : null;
		}

	}

	/**
	 * The three bodies of one batch: JSON, and the same instances as a float32 and as a uint8 {@code .npy} array
	 * (the features are bits, which a uint8 array holds exactly), each answered in the body's own type.
	 */
	enum Body {

		JSON("application/json"), NPY_FLOAT32("application/x-npy"), NPY_UINT8("application/x-npy");

		final String contentType;

		Body(String contentType) {
			this.contentType = contentType;
		}

		byte[] bytes(long modelId, float[][] records) throws Exception {
			return switch (this) {
				case JSON -> LoadGenerator.body(modelId, records).getBytes(java.nio.charset.StandardCharsets.UTF_8);
				case NPY_FLOAT32 -> TestNpy.float32(records);
				case NPY_UINT8 -> TestNpy.uint8(records);
			};
		}

	}

	/** {@code wrk} (Debian's package), posting one batch body over and over on each connection. */
	private record Wrk(Path executable, long modelId, Map<Body, Path> scripts, String version) implements BatchLoad {

		static Wrk of(Path executable, long modelId, int features, String key) throws Exception {
			Path dir = Files.createTempDirectory("mlaas-bench-wrk");
			float[][] records = LoadGenerator.records(1000, features);
			Map<Body, Path> scripts = new java.util.EnumMap<>(Body.class);
			for (Body body : Body.values()) {
				Path file = dir.resolve("batch-" + body.name());
				Files.write(file, body.bytes(modelId, records));
				Path script = dir.resolve("post-" + body.name() + ".lua");
				Files.writeString(script, String.join("\n", "wrk.method = \"POST\"",
						"local f = io.open(\"" + file + "\", \"rb\"); wrk.body = f:read(\"*a\"); f:close()",
						"wrk.headers[\"Content-Type\"] = \"" + body.contentType + "\"",
						"wrk.headers[\"Accept\"] = \"" + body.contentType + "\"",
						"wrk.headers[\"Authorization\"] = \"Bearer " + key + "\""));
				scripts.put(body, script);
			}
			String version = run(List.of(executable.toString(), "-v")).lines().findFirst().orElse("wrk").strip();
			return new Wrk(executable, modelId, scripts, version.split(" \\[")[0]);
		}

		@Override
		public String name() {
			return this.version;
		}

		@Override
		public void warmUp(URI server) throws Exception {
			requestsPerSecond(server, 2, WARM_UP_SECONDS);
		}

		@Override
		public void warmUpBinary(URI server) throws Exception {
			for (Body body : List.of(Body.NPY_FLOAT32, Body.NPY_UINT8)) {
				requestsPerSecond(server, 2, WARM_UP_SECONDS, body);
			}
		}

		@Override
		public double recordsPerSecond(URI server, int connections) throws Exception {
			return recordsPerSecond(server, connections, Body.JSON);
		}

		@Override
		public double recordsPerSecond(URI server, int connections, Body body) throws Exception {
			return requestsPerSecond(server, connections, BLOCK_SECONDS, body) * 1000;
		}

		private double requestsPerSecond(URI server, int connections, int seconds) throws Exception {
			return requestsPerSecond(server, connections, seconds, Body.JSON);
		}

		private double requestsPerSecond(URI server, int connections, int seconds, Body body) throws Exception {
			String path = (body == Body.JSON) ? "predict" : "predict?modelId=" + this.modelId;
			String output = run(List.of(this.executable.toString(), "-t" + connections, "-c" + connections,
					"-d" + seconds + "s", "-s", this.scripts.get(body).toString(), server.resolve(path).toString()));
			if (output.contains("Non-2xx") || output.contains("Socket errors")) {
				throw new IllegalStateException("wrk saw failed requests:\n" + output);
			}
			return output.lines()
				.filter(line -> line.startsWith("Requests/sec:"))
				.mapToDouble(line -> Double.parseDouble(line.substring("Requests/sec:".length()).strip()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no rate in wrk's output:\n" + output));
		}

		private static String run(List<String> command) throws Exception {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor();
			return output;
		}

	}

	/** {@link LoadGenerator} in a second JVM, when wrk is not installed: a heavier client on the same cores. */
	private final class JavaLoad implements BatchLoad {

		private final long modelId;

		private final int features;

		private final int rounds = 20;

		JavaLoad(long modelId, int features) {
			this.modelId = modelId;
			this.features = features;
		}

		@Override
		public String name() {
			return "java.net.http (install wrk for a lighter client)";
		}

		@Override
		public void warmUp(URI server) {
			// LoadGenerator warms up itself
		}

		@Override
		public double recordsPerSecond(URI server, int connections) throws Exception {
			return ((Number) loadGenerator("batch", server, this.modelId, this.features, this.rounds / connections,
					connections)
				.get("recordsPerSecond")).doubleValue();
		}

	}

	/** Runs {@link LoadGenerator} in a second JVM on this classpath and returns what it printed. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> loadGenerator(String mode, URI server, long modelId, int features, int... numbers)
			throws Exception {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// e.g. -Dbench.loadJvmArgs=-XX:StartFlightRecording=filename=load.jfr to profile the load side
		String jvmArgs = System.getProperty("bench.loadJvmArgs", "");
		if (!jvmArgs.isBlank()) {
			command.addAll(List.of(jvmArgs.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(), mode,
				server.toString(), this.key, Long.toString(modelId), Integer.toString(features)));
		for (int number : numbers) {
			command.add(Integer.toString(number));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("load generator failed: " + output);
		}
		String[] lines = output.strip().split("\n");
		return JSON.readValue(lines[lines.length - 1], Map.class);
	}

	/**
	 * One job alone, then two equal jobs submitted together, three times over (medians): how much longer the pair
	 * takes. As a control for what the machine itself allows, the same for two PyTorch processes training the MLP.
	 */
	private Map<String, Object> sideBySide(Path repo, long datasetId, Map<String, Object> recipe) throws Exception {
		double[] alone = new double[3];
		double[] pair = new double[3];
		for (int round = 0; round < 3; round++) {
			Instant start = Instant.now();
			this.await(this.submit(datasetId, recipe));
			alone[round] = Duration.between(start, Instant.now()).toMillis() / 1000.0;
			start = Instant.now();
			long first = this.submit(datasetId, recipe);
			long second = this.submit(datasetId, recipe);
			this.await(first);
			this.await(second);
			pair[round] = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("oneJobSeconds", median(alone));
		result.put("twoJobsSeconds", median(pair));
		result.put("twoOverOne", round(median(pair) / median(alone)));
		result.put("pytorchControl", pytorchSideBySide(repo));
		return result;
	}

	/** PyTorch's MLP training alone and as two processes at once, three times over (medians of the slower). */
	private static Map<String, Object> pytorchSideBySide(Path repo) throws Exception {
		if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
			return Map.of("available", false);
		}
		double[] alone = new double[3];
		double[] pair = new double[3];
		for (int round = 0; round < 3; round++) {
			alone[round] = mlpSeconds(pytorchMlp(repo));
			Process first = pytorchMlp(repo);
			Process second = pytorchMlp(repo);
			pair[round] = Math.max(mlpSeconds(first), mlpSeconds(second));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("oneSeconds", median(alone));
		result.put("twoSeconds", median(pair));
		result.put("twoOverOne", round(median(pair) / median(alone)));
		return result;
	}

	private static Process pytorchMlp(Path repo) throws IOException {
		Process process = new ProcessBuilder("/usr/bin/python3", repo.resolve("bench/pytorch_reference.py").toString(),
				"--mlp-only")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		process.getOutputStream().close();
		return process;
	}

	@SuppressWarnings("unchecked")
	private static double mlpSeconds(Process process) throws Exception {
		String[] lines = new String(process.getInputStream().readAllBytes()).strip().split("\n");
		process.waitFor();
		Map<String, Object> output = JSON.readValue(lines[lines.length - 1], Map.class);
		return (output.get("mlpSeconds") instanceof Number seconds) ? seconds.doubleValue() : Double.NaN;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> pytorchReference(Path repo, int cnnEpochs) throws Exception {
		return pytorchReference(repo, cnnEpochs, false);
	}

	private static Map<String, Object> pytorchReference(Path repo, int cnnEpochs, boolean variants) throws Exception {
		Path script = repo.resolve("bench/pytorch_reference.py");
		Path python = Path.of("/usr/bin/python3");
		if (!Files.isExecutable(python)) {
			return Map.of("available", false, "reason", "no /usr/bin/python3; install python3-torch");
		}
		List<String> command = new java.util.ArrayList<>(
				List.of(python.toString(), script.toString(), "--cnn-epochs", Integer.toString(cnnEpochs)));
		if (variants) {
			command.add("--variants");
		}
		Process process = new ProcessBuilder(command)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes()).strip();
		process.waitFor();
		String[] lines = output.split("\n");
		return JSON.readValue(lines[lines.length - 1], Map.class);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
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

	/**
	 * Trains through the API. Besides the job's own clock it times the epochs as the job reports them, so that a
	 * steady-state figure leaves out the first epoch (JIT and native warm-up) like the PyTorch reference does.
	 */
	private Map<String, Object> train(long datasetId, Map<String, Object> recipe) throws Exception {
		long jobId = submit(datasetId, recipe);
		int epochs = ((Number) recipe.get("epochs")).intValue();
		long firstEpochAt = 0;
		long lastEpochAt = 0;
		int lastEpoch = 0;
		JsonNode job;
		while (true) {
			job = job(jobId);
			int epoch = job.path("progress").path("epoch").asInt();
			if (epoch != lastEpoch) {
				lastEpoch = epoch;
				lastEpochAt = System.nanoTime();
				if (epoch == 1) {
					firstEpochAt = lastEpochAt;
				}
			}
			String status = job.get("status").asText();
			if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
				break;
			}
			Thread.sleep(10);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("status", job.get("status").asText());
		result.put("modelId", job.path("modelId").asLong());
		result.put("trainingAccuracy", job.path("trainingAccuracy").asDouble());
		// the job's own clock: from the worker's start to the stored model, excluding queueing
		result.put("jobSeconds", Duration.between(Instant.parse(job.get("startedAt").asText()),
				Instant.parse(job.get("finishedAt").asText())).toMillis() / 1000.0);
		double steady = (lastEpochAt - firstEpochAt) / 1e9;
		result.put("steadySeconds", round(steady));
		result.put("steadySecondsPerEpoch", round(steady / (epochs - 1)));
		result.put("recipe", recipe);
		return result;
	}

	private long submit(long datasetId, Map<String, Object> recipe) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>(recipe);
		body.put("datasetId", datasetId);
		return JSON.readTree(post(this.http, this.base.resolve("train"), this.key, JSON.writeValueAsString(body)))
			.get("id")
			.asLong();
	}

	private JsonNode job(long jobId) throws Exception {
		HttpRequest get = HttpRequest.newBuilder(this.base.resolve("jobs/" + jobId))
			.header("Authorization", "Bearer " + this.key)
			.build();
		return JSON.readTree(send(this.http, get));
	}

	private void await(long jobId) throws Exception {
		while (!job(jobId).get("status").asText().matches("SUCCEEDED|FAILED")) {
			// not too often: with two jobs on two cores, each poll takes CPU from the jobs it measures
			Thread.sleep(50);
		}
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

	static float[][] binaryRecords(int rows, int features, long seed) {
		Random random = new Random(seed);
		float[][] records = new float[rows][features];
		for (float[] record : records) {
			for (int f = 0; f < features; f++) {
				record[f] = random.nextBoolean() ? 1f : 0f;
			}
		}
		return records;
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

	/**
	 * The CPU as Linux names it, and whether it has AVX-512: DL4J's oneDNN build pools plain NCHW data with a JIT
	 * kernel only with AVX-512, so the figures differ in kind between the two.
	 */
	private static Map<String, Object> cpu() {
		Map<String, Object> cpu = new LinkedHashMap<>();
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			for (String key : List.of("model name", "cpu family", "model")) {
				lines.stream()
					.filter(line -> line.matches(java.util.regex.Pattern.quote(key) + "\\s*:.*"))
					.findFirst()
					.ifPresent(line -> cpu.put(switch (key) {
						case "model name" -> "cpuModelName";
						case "cpu family" -> "cpuFamily";
						default -> "cpuModel";
					}, line.substring(line.indexOf(':') + 1).strip()));
			}
			cpu.put("avx512", lines.stream().anyMatch(line -> line.startsWith("flags") && line.contains(" avx512f")));
		}
		catch (IOException ex) {
			cpu.put("cpu", "unknown: " + ex.getMessage());
		}
		return cpu;
	}

	static Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("java", System.getProperty("java.version"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		String threads = System.getenv("OMP_NUM_THREADS");
		machine.put("ompNumThreads", (threads != null) ? threads : "unset");
		machine.putAll(cpu());
		// what the weights depend on besides the seed, as the server reports it at /actuator/info
		machine.put("compute", dev.mlaas.server.common.ComputeKernels.current());
		return machine;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}


}
