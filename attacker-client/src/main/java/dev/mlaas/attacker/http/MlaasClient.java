package dev.mlaas.attacker.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mlaas.attacker.data.Idx;
import dev.mlaas.attacker.data.LabeledData;

/**
 * The service's public HTTP API as one account sees it: the base URL and an API key, nothing else. It counts what it
 * is charged for (queries, training jobs, uploads) from the service's answers, so the count can be checked against
 * the service's ledger. Retries only where the service cannot have charged: 429 (after the service's
 * {@code Retry-After}, at most {@link #MAX_WAIT}), 503 and refused connections (after a backoff that doubles from
 * 0.2 s), at most {@link #MAX_RETRIES} times; each wait is reported to the listener set with {@link #onWait}.
 */
public class MlaasClient {

	private static final int MAX_RETRIES = 5;

	/** The longest {@code Retry-After} honoured: a longer one is refused rather than slept through. */
	static final Duration MAX_WAIT = Duration.ofMinutes(2);

	private static final ObjectMapper JSON = new ObjectMapper()
		.registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

	private final URI base;

	private final String apiKey;

	private final HttpClient http;

	private final AtomicLong queries = new AtomicLong();

	private final AtomicLong trainingJobs = new AtomicLong();

	private final AtomicLong uploads = new AtomicLong();

	private volatile java.util.function.Consumer<String> waits = message -> {
	};

	private final Object waitsLock = new Object();

	private volatile Budget budget = Budget.NONE;

	private final Map<Long, String> policies = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile String ownModelsPolicy = "full";

	private final Map<Long, Integer> classes = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile java.util.function.Consumer<Boolean> predicts = inFlight -> {
	};

	/** Queries sent and not yet answered, held against the budget as if spent. */
	private long queriesInFlight;

	public MlaasClient(URI base, String apiKey) {
		this.base = base;
		this.apiKey = apiKey;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * Tells {@code listener} of every wait before a retry (rate limits, an unavailable service), one at a time: the
	 * senders of {@link #predict(long, List, int)} may wait together, and the listener need not be thread-safe.
	 */
	public MlaasClient onWait(java.util.function.Consumer<String> listener) {
		this.waits = listener;
		return this;
	}

	/**
	 * Tells {@code listener} when each {@code /predict} exchange starts ({@code true}) and ends ({@code false}), so
	 * that the experiment and benchmark layers can time the queries.
	 */
	public MlaasClient onPredict(java.util.function.Consumer<Boolean> listener) {
		this.predicts = listener;
		return this;
	}

	/**
	 * Puts every model this client trains from now on under {@code policy} as soon as its job succeeds, before
	 * anyone queries it: an attacker who knows the target's output policy gives its shadows the same, so that the
	 * attack model learns from answers shaped as the target's are.
	 */
	public MlaasClient withOwnModelsUnder(String policy) {
		OutputPolicySpec.toJson(policy);
		this.ownModelsPolicy = policy;
		return this;
	}

	/** Never spends past {@code budget}: a request that would is not sent ({@link BudgetExceededException}). */
	public MlaasClient withBudget(Budget budget) {
		this.budget = budget;
		return this;
	}

	/** The service's published prices; no key needed. */
	public static Api.Prices pricing(URI base) {
		MlaasClient anonymous = new MlaasClient(base, null);
		return anonymous.send(anonymous.authorized("/pricing").GET().build(), Api.Prices.class);
	}

	/** Holds {@code queries} (and an upload or a job) against the budget, or refuses. */
	private synchronized void spend(long uploads, long jobs, long queries) {
		java.util.Optional<String> over = this.budget.exceededBy(this.uploads.get() + uploads,
				this.trainingJobs.get() + jobs, this.queries.get() + this.queriesInFlight + queries);
		if (over.isPresent()) {
			throw new BudgetExceededException("Not sent: it would pass the budget (" + over.get() + ")");
		}
		this.queriesInFlight += queries;
	}

	private synchronized void answered(long queries) {
		this.queriesInFlight -= queries;
	}

	/** Signs up a new account; the answer holds its first API key, shown only this once. */
	public static Api.NewKey createAccount(URI base, String name) {
		MlaasClient anonymous = new MlaasClient(base, null);
		return anonymous.send(anonymous.jsonRequest("/accounts", Map.of("name", name)), Api.NewKey.class);
	}

	/**
	 * Uploads {@code data} as IDX files, its features in the smallest type that holds them exactly (ubyte for
	 * Purchase-like's bits: a quarter of float32's bytes, the same records).
	 */
	public Api.Dataset upload(String name, LabeledData data) {
		return uploadIdx(name, Idx.imagesBytes(data, Idx.compactImageType(data)), Idx.labelsBytes(data));
	}

	private Api.Dataset uploadIdx(String name, byte[] images, byte[] labels) {
		Multipart body = new Multipart().field("name", name)
			.field("format", "idx")
			.file("images", name + "-images.idx", images)
			.file("labels", name + "-labels.idx", labels);
		HttpRequest request = authorized("/datasets").header("Content-Type", body.contentType())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
			.build();
		spend(1, 0, 0);
		Api.Dataset dataset = send(request, Api.Dataset.class);
		this.uploads.incrementAndGet();
		return dataset;
	}

	/** Starts a training job; {@code recipe} holds the optional settings (architecture, epochs, seed...). */
	public Api.Job train(long datasetId, Map<String, Object> recipe) {
		Map<String, Object> body = new LinkedHashMap<>(recipe);
		body.put("datasetId", datasetId);
		spend(0, 1, 0);
		Api.Job job = send(jsonRequest("/train", body), Api.Job.class);
		this.trainingJobs.incrementAndGet();
		return job;
	}

	public Api.Job job(long jobId) {
		return send(authorized("/jobs/" + jobId).GET().build(), Api.Job.class);
	}

	/** Polls a job until it ends; a failed job is an error. */
	public Api.Job awaitJob(long jobId, Consumer<Api.Job> progress) {
		// status reads are not billed but cost the service a request each, and the caller waits between them:
		// few reads while the job is far from done, many near its end
		JobPacing pacing = new JobPacing();
		while (true) {
			Api.Job job = job(jobId);
			progress.accept(job);
			if (job.finished()) {
				if (!"SUCCEEDED".equals(job.status())) {
					throw new IllegalStateException("Training job " + jobId + " failed: " + job.error());
				}
				if (!this.ownModelsPolicy.equals("full")) {
					setOutputPolicy(job.modelId(), this.ownModelsPolicy);
				}
				return job;
			}
			Api.Progress done = job.progress();
			sleep((done != null) ? pacing.next(System.nanoTime(), done.epoch(), done.epochs())
					: JobPacing.WITHOUT_RATE);
		}
	}

	/**
	 * The output policy model {@code modelId} last answered under, or before any answer the one it declares
	 * ({@code GET /models/{id}}).
	 */
	public String outputPolicy(long modelId) {
		return this.policies.computeIfAbsent(modelId, id -> model(id).outputPolicySpec());
	}

	private int classes(long modelId) {
		return this.classes.computeIfAbsent(modelId, id -> model(id).classes());
	}

	public Api.Model model(long modelId) {
		return send(authorized("/models/" + modelId).GET().build(), Api.Model.class);
	}

	/**
	 * Sets what {@code /predict} leaves of the caller's model's posteriors: {@code full}, {@code top-k:K},
	 * {@code rounding:D} or {@code label-only} ({@link OutputPolicySpec}).
	 */
	public Api.Model setOutputPolicy(long modelId, String spec) {
		String body;
		try {
			body = JSON.writeValueAsString(Map.of("outputPolicy", OutputPolicySpec.toJson(spec)));
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		HttpRequest request = authorized("/models/" + modelId).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body))
			.build();
		return send(request, Api.Model.class);
	}

	public Api.Model publish(long modelId) {
		HttpRequest request = authorized("/models/" + modelId).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"published\":true}"))
			.build();
		return send(request, Api.Model.class);
	}

	/** One posterior vector per instance; sends at most {@code batchSize} instances per request, one at a time. */
	public float[][] predict(long modelId, float[][] instances, int batchSize) {
		return predict(modelId, encode(instances, batchSize), 1);
	}

	/**
	 * The instances written as {@code /predict}'s {@code .npy} bodies, in as few batches of at most
	 * {@code batchSize} as there can be, of near-equal sizes (so that batches sent side by side end together).
	 * Writing needs no model: an attacker can do it while it waits for one.
	 */
	public static List<PredictBatch> encode(float[][] instances, int batchSize) {
		// no instances, no request: nothing to ask and nothing to pay
		int count = (instances.length + batchSize - 1) / batchSize;
		List<PredictBatch> batches = new ArrayList<>(count);
		for (int b = 0; b < count; b++) {
			int start = (int) ((long) instances.length * b / count);
			int end = (int) ((long) instances.length * (b + 1) / count);
			float[][] rows = java.util.Arrays.copyOfRange(instances, start, end);
			batches.add(new PredictBatch(rows.length, PredictNpy.instances(rows)));
		}
		return batches;
	}

	/**
	 * One posterior vector per instance of {@code batches}, in their order; up to {@code inFlight} requests at once
	 * (each on a connection of its own), so that the service can work on one while the client reads another.
	 */
	public float[][] predict(long modelId, List<PredictBatch> batches, int inFlight) {
		List<float[][]> answers = new ArrayList<>(batches.size());
		if (inFlight <= 1 || batches.size() <= 1) {
			for (PredictBatch batch : batches) {
				answers.add(predict(modelId, batch));
			}
		}
		else {
			ExecutorService senders = Executors.newFixedThreadPool(Math.min(inFlight, batches.size()), (task) -> {
				Thread thread = new Thread(task, "mlaas-predict");
				thread.setDaemon(true);
				return thread;
			});
			try {
				List<Future<float[][]>> pending = new ArrayList<>(batches.size());
				for (PredictBatch batch : batches) {
					pending.add(senders.submit(() -> predict(modelId, batch)));
				}
				for (Future<float[][]> answer : pending) {
					answers.add(result(answer));
				}
			}
			finally {
				senders.shutdownNow();
			}
		}
		return answers.stream().flatMap(java.util.Arrays::stream).toArray(float[][]::new);
	}

	private float[][] predict(long modelId, PredictBatch batch) {
		HttpRequest request = authorized("/predict?modelId=" + modelId).header("Content-Type", PredictNpy.MEDIA_TYPE)
			.header("Accept", PredictNpy.MEDIA_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(batch.npy()))
			.build();
		spend(0, 0, batch.size());
		HttpResponse<byte[]> answer;
		this.predicts.accept(true);
		try {
			answer = exchange(request);
		}
		finally {
			answered(batch.size());
			this.predicts.accept(false);
		}
		String policy = answer.headers().firstValue("Mlaas-Output-Policy").orElse("full");
		this.policies.put(modelId, policy);
		float[][] posteriors;
		try {
			posteriors = (policy.equals("full") || policy.startsWith("rounding:")) ? PredictNpy.posteriors(answer.body())
					: PredictNpy.answers(answer.body(), policy, classes(modelId));
		}
		catch (RuntimeException ex) {
			// billed all the same: counted, so that the check against the ledger still holds
			this.queries.addAndGet(batch.size());
			throw ex;
		}
		long billed = answer.headers().firstValueAsLong("Mlaas-Queries").orElse(-1);
		if (posteriors.length != batch.size() || billed != batch.size()) {
			throw new IllegalStateException("The service answered " + posteriors.length + " predictions and billed "
					+ billed + " queries for " + batch.size() + " instances");
		}
		// counted from what was sent, so that the check against the ledger is independent of the service
		this.queries.addAndGet(batch.size());
		return posteriors;
	}

	private static <T> T result(Future<T> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** This key's training jobs, oldest first. */
	public List<Api.Job> jobs() {
		return List.of(send(authorized("/jobs").GET().build(), Api.Job[].class));
	}

	/** The service's ledger totals for this client's API key. */
	public Api.Usage usage() {
		return send(authorized("/usage?size=1").GET().build(), Api.Usage.class);
	}

	/**
	 * What the service's trainings' floats depend on besides their seeds (CPU model, the instruction set its
	 * kernels run, native threads), as the service reports it; empty when the service does not say.
	 */
	public Map<String, Object> serverCompute() {
		Api.ServerInfo info = send(authorized("/actuator/info").GET().build(), Api.ServerInfo.class);
		return (info.compute() != null) ? info.compute() : Map.of();
	}

	/** What this client was charged for, counted from the service's successful answers. */
	public Counted counted() {
		return new Counted(this.queries.get(), this.trainingJobs.get(), this.uploads.get());
	}

	public URI base() {
		return this.base;
	}

	/** Queries, training jobs and uploads this client made. */
	public record Counted(long queries, long trainingJobs, long uploads) {
	}

	private HttpRequest jsonRequest(String path, Object body) {
		try {
			return authorized(path).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpRequest.Builder authorized(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofMinutes(5));
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

	private <T> T send(HttpRequest request, Class<T> type) {
		try {
			return JSON.readValue(exchange(request).body(), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends {@code request} and returns a 2xx answer; retries as the class says, and turns the rest into problems. */
	private HttpResponse<byte[]> exchange(HttpRequest request) {
		for (int attempt = 0;; attempt++) {
			HttpResponse<byte[]> response;
			try {
				response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (ConnectException ex) {
				if (attempt >= MAX_RETRIES) {
					throw new UncheckedIOException("Cannot reach " + this.base, ex);
				}
				wait(backOff(attempt), "cannot reach " + this.base, attempt);
				continue;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			int status = response.statusCode();
			if ((status == 429 || status == 503) && attempt < MAX_RETRIES) {
				Duration wait = (status == 429) ? retryAfter(response).orElse(backOff(attempt)) : backOff(attempt);
				if (wait.compareTo(MAX_WAIT) <= 0) {
					wait(wait, (status == 429) ? "rate limited (429)" : "service unavailable (503)", attempt);
					continue;
				}
			}
			if (status >= 400) {
				throw problem(status, response.body());
			}
			return response;
		}
	}

	private static ApiProblemException problem(int status, byte[] body) {
		try {
			JsonNode node = JSON.readTree(body);
			@SuppressWarnings("unchecked")
			Map<String, Object> fields = JSON.convertValue(node, Map.class);
			return new ApiProblemException(status, node.path("type").asText(null), node.path("title").asText("Error"),
					node.path("detail").asText(null), fields);
		}
		catch (IOException | IllegalArgumentException ex) {
			return new ApiProblemException(status, null, "HTTP " + status, null, Map.of());
		}
	}

	private static Duration backOff(int attempt) {
		return Duration.ofMillis(200L << attempt);
	}

	private void wait(Duration wait, String why, int attempt) {
		String message = String.format(java.util.Locale.ROOT, "%s: waiting %.1f s before retry %d of %d", why,
				wait.toMillis() / 1000.0, attempt + 1, MAX_RETRIES);
		synchronized (this.waitsLock) {
			this.waits.accept(message);
		}
		sleep(wait);
	}

	/** {@code Retry-After} in seconds or as an HTTP date, if the answer has one. */
	static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").flatMap(value -> {
			try {
				return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
			}
			catch (NumberFormatException notSeconds) {
				try {
					java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(value.trim(),
							java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
					Duration until = Duration.between(java.time.Instant.now(), at.toInstant());
					return java.util.Optional.of(until.isNegative() ? Duration.ZERO : until);
				}
				catch (java.time.format.DateTimeParseException neither) {
					return java.util.Optional.empty();
				}
			}
		});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
