package dev.mlaas.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on different ports sharing one PostgreSQL, as replicas behind a load balancer would: jobs
 * submitted to either run exactly once and their models answer from both; a key's rate limit and daily quota hold
 * across the two (two replicas do not give twice the limit); and when one replica is killed with SIGKILL under load
 * from both sides, every answer either gave has exactly one ledger charge.
 */
class ReplicaIntegrationTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String OPERATOR = "replica-test-operator";

	private static final int BATCH = 10;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Account ids by API key, from sign-up. */
	private final Map<String, Long> accounts = new HashMap<>();

	@TempDir
	Path dir;

	@Test
	void jobsRunOnceModelsAnswerFromBothAndLimitsAndTheLedgerHoldAcrossReplicas() throws Exception {
		String[] database = PostgresDatabase.newDatabase();
		try (ServerProcess a = replica(database, "a"); ServerProcess b = replica(database, "b")) {
			List<URI> replicas = List.of(a.url(), b.url());
			String owner = signUp(a.url(), "owner");
			long dataset = upload(b.url(), owner);
			List<Long> jobs = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				JsonNode job = send(replicas.get(i % 2), owner, "POST", "/train", Map.of("datasetId", dataset,
						"architecture", "mlp", "epochs", 3, "hiddenUnits", List.of(8), "seed", i));
				jobs.add(job.get("id").asLong());
			}
			Map<Long, Long> models = new HashMap<>();
			for (long job : jobs) {
				JsonNode done = awaitJob(replicas.get((int) (job % 2)), owner, job);
				assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
				assertThat(done.get("attempts").asInt()).as("attempts of job " + job).isEqualTo(1);
				models.put(job, done.get("modelId").asLong());
			}
			// exactly once: one model per job, and one start of each job in the two replicas' logs together
			assertThat(new HashSet<>(models.values())).hasSize(6);
			try (Connection sql = DriverManager.getConnection(database[0], database[1], database[2]);
					Statement statement = sql.createStatement();
					ResultSet rows = statement.executeQuery("select count(*) from model")) {
				rows.next();
				assertThat(rows.getLong(1)).isEqualTo(6);
			}
			String logs = Files.readString(a.log()) + Files.readString(b.log());
			Map<String, Integer> startsByReplica = new HashMap<>();
			for (long job : jobs) {
				int inA = count(Files.readString(a.log()), "Training job " + job + ": ");
				int inB = count(Files.readString(b.log()), "Training job " + job + ": ");
				assertThat(inA + inB).as("starts of job " + job).isEqualTo(1);
				startsByReplica.merge(inA == 1 ? "a" : "b", 1, Integer::sum);
			}
			assertThat(logs).doesNotContain("Unexpected error");
			System.out.printf("replica test: 6 jobs submitted alternately, each ran once (by replica %s)%n",
					startsByReplica);

			// every model answers the same from both replicas; the first query on the replica that did not train
			// it reads its weights from the database
			long model = models.get(jobs.get(0));
			// published before either replica looks at it: a replica reuses a model's audience for up to 1 s
			send(a.url(), owner, "PATCH", "/models/" + model, Map.of("published", true));
			boolean aTrainedIt = count(Files.readString(a.log()), "Training job " + jobs.get(0) + ": ") == 1;
			URI other = aTrainedIt ? b.url() : a.url();
			URI trainer = aTrainedIt ? a.url() : b.url();
			Map<String, Object> query = Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3)));
			long start = System.nanoTime();
			JsonNode fromOther = send(other, owner, "POST", "/predict", query);
			double firstMillis = (System.nanoTime() - start) / 1e6;
			start = System.nanoTime();
			JsonNode fromOtherAgain = send(other, owner, "POST", "/predict", query);
			double secondMillis = (System.nanoTime() - start) / 1e6;
			JsonNode fromTrainer = send(trainer, owner, "POST", "/predict", query);
			assertThat(fromOther.get("predictions")).isEqualTo(fromTrainer.get("predictions"))
				.isEqualTo(fromOtherAgain.get("predictions"));
			System.out.printf("replica test: model %d's first query on the replica that did not train it %.1f ms, "
					+ "its second %.1f ms%n", model, firstMillis, secondMillis);

			// a rate limit of 4 (burst) and 1 a second: 12 quick requests through both replicas get at most 5 answers
			String hasty = signUp(a.url(), "hasty");
			assign(a.url(), hasty, "tight");
			int served = 0;
			long begin = System.nanoTime();
			for (int i = 0; i < 12; i++) {
				served += (status(replicas.get(i % 2), hasty, "GET", "/models", null) == 200) ? 1 : 0;
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			assertThat(served).as("served in %.2f s", seconds).isLessThanOrEqualTo(4 + (int) Math.ceil(seconds) + 1)
				.isLessThan(8);

			// a daily quota of 50 predictions: 8 batches of 10 through both replicas, exactly 5 served
			String counted = signUp(b.url(), "counted");
			assign(b.url(), counted, "daily");
			Map<String, Object> batch = Map.of("modelId", model, "instances",
					java.util.Collections.nCopies(BATCH, List.of(0.5, 1, 2, 3)));
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				statuses.add(status(replicas.get(i % 2), counted, "POST", "/predict", batch));
			}
			assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
			for (URI replica : replicas) {
				JsonNode usage = send(replica, counted, "GET", "/usage", null);
				assertThat(usage.at("/totals/queries").asLong()).isEqualTo(50);
				assertThat(usage.at("/limits/plan/predictionsLeftToday").asLong()).isZero();
			}
		}
	}

	@Test
	void killingOneReplicaUnderLoadLosesNoChargeOfAnyAnswerEitherGave() throws Exception {
		String[] database = PostgresDatabase.newDatabase();
		List<PredictLoad.Client> clients = new ArrayList<>();
		try (ServerProcess a = replica(database, "a"); ServerProcess b = replica(database, "b")) {
			String owner = signUp(a.url(), "owner");
			long dataset = upload(a.url(), owner);
			JsonNode job = send(a.url(), owner, "POST", "/train", Map.of("datasetId", dataset, "architecture", "mlp",
					"epochs", 3, "hiddenUnits", List.of(8), "seed", 1));
			long model = awaitJob(a.url(), owner, job.get("id").asLong()).get("modelId").asLong();
			send(a.url(), owner, "PATCH", "/models/" + model, Map.of("published", true));
			AtomicBoolean killed = new AtomicBoolean();
			for (int i = 0; i < 8; i++) {
				ServerProcess replica = (i % 2 == 0) ? a : b;
				clients.add(new PredictLoad.Client(replica.url(), signUp(replica.url(), "client-" + i),
						PredictLoad.body(model, BATCH, 4), killed));
			}
			clients.forEach(client -> client.thread.start());
			Thread.sleep(3000);
			killed.set(true);
			a.kill();
			Thread.sleep(1000);
			clients.forEach(client -> client.stop = true);
			for (PredictLoad.Client client : clients) {
				client.thread.join(30_000);
				assertThat(client.failure).as("what a client met").isNull();
			}

			int answered = 0;
			int charged = 0;
			int lost = 0;
			int unanswered = 0;
			for (PredictLoad.Client client : clients) {
				Map<String, Integer> lines = PredictLoad.predictionLines(b.url(), client.key);
				answered += client.charges.size();
				charged += lines.size();
				for (String charge : client.charges) {
					if (lines.get(charge) == null) {
						lost++;
					}
					else {
						assertThat(lines.get(charge)).isEqualTo(BATCH);
					}
				}
				Set<String> withoutAnswer = new HashSet<>(lines.keySet());
				withoutAnswer.removeAll(client.charges);
				unanswered += withoutAnswer.size();
				// a client of the killed replica may have had one request in flight; the others none
				assertThat(withoutAnswer).hasSizeLessThanOrEqualTo(client.server.equals(a.url()) ? 1 : 0);
				// what /usage totals is what the client received, and the one in flight at the kill
				JsonNode usage = send(b.url(), client.key, "GET", "/usage", null);
				assertThat(usage.at("/totals/queries").asLong())
					.isEqualTo((long) BATCH * (client.charges.size() + withoutAnswer.size()));
			}
			System.out.printf("replica crash test: %d requests answered 200 by two replicas, one killed after 3 s; "
					+ "%d charges in the ledger; lost %d, charged without an answer %d%n", answered, charged, lost,
					unanswered);
			assertThat(answered).isGreaterThan(100);
			assertThat(lost).isZero();
		}
	}

	@Test
	void aJobWhoseReplicaIsKilledMidTrainingIsFinishedByTheOtherOnce() throws Exception {
		String[] database = PostgresDatabase.newDatabase();
		List<String> fastFailover = List.of("--db-scheduler.heartbeat-interval=1s",
				"--db-scheduler.missed-heartbeats-limit=4");
		try (ServerProcess a = replica(database, "a", fastFailover); ServerProcess b = replica(database, "b",
				fastFailover)) {
			String owner = signUp(a.url(), "owner");
			long dataset = upload(a.url(), owner, Api.csv(1000, 50, 5, 3));
			long job = send(a.url(), owner, "POST", "/train", Map.of("datasetId", dataset, "architecture", "mlp",
					"hiddenUnits", List.of(256, 256), "epochs", 60, "batchSize", 10, "seed", 5)).get("id").asLong();
			String started = "Training job " + job + ": ";
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (count(Files.readString(a.log()), started) + count(Files.readString(b.log()), started) == 0
					|| send(a.url(), owner, "GET", "/jobs/" + job, null).at("/progress/epoch").asInt() < 1) {
				assertThat(System.nanoTime()).as("job %d started", job).isLessThan(deadline);
				Thread.sleep(100);
			}
			boolean onA = count(Files.readString(a.log()), started) == 1;
			ServerProcess running = onA ? a : b;
			ServerProcess survivor = onA ? b : a;
			running.kill();
			JsonNode done = awaitJob(survivor.url(), owner, job);
			assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
			assertThat(done.get("attempts").asInt()).isEqualTo(2);
			assertThat(count(Files.readString(survivor.log()), started)).isEqualTo(1);
			assertThat(send(survivor.url(), owner, "GET", "/models", null)).hasSize(1);
			assertThat(send(survivor.url(), owner, "GET", "/usage", null).at("/totals/trainingJobs").asInt())
				.isEqualTo(1);
		}
	}

	private ServerProcess replica(String[] database, String name) throws IOException, InterruptedException {
		return replica(database, name, List.of());
	}

	private ServerProcess replica(String[] database, String name, List<String> more)
			throws IOException, InterruptedException {
		List<String> settings = new ArrayList<>(more);
		settings.addAll(List.of("--spring.profiles.active=postgres",
				"--spring.datasource.url=" + database[0], "--spring.datasource.username=" + database[1],
				"--spring.datasource.password=" + database[2], "--mlaas.training.concurrent-jobs=1",
				"--mlaas.admin.token=" + OPERATOR, "--mlaas.plans.catalog.tight.requests-per-second=1",
				"--mlaas.plans.catalog.tight.burst=4", "--mlaas.plans.catalog.daily.predictions-per-day=50"));
		return ServerProcess.start(this.dir.resolve(name), name + ".log", settings);
	}

	private String signUp(URI server, String name) throws IOException, InterruptedException {
		return send(server, null, "POST", "/accounts", Map.of("name", name)).get("apiKey").asText();
	}

	private void assign(URI server, String key, String plan) throws IOException, InterruptedException {
		long accountId = this.accounts.get(key);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(server.resolve("/admin/accounts/"
				+ accountId + "/plan"))
			.header("Authorization", "Bearer " + OPERATOR)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("plan", plan))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private long upload(URI server, String key) throws IOException, InterruptedException {
		return upload(server, key, Api.csv(120, 4, 3, 7));
	}

	private long upload(URI server, String key, String csv) throws IOException, InterruptedException {
		String boundary = "replica-test-boundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(server.resolve("/datasets"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asLong();
	}

	private JsonNode awaitJob(URI server, String key, long job) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode view = send(server, key, "GET", "/jobs/" + job, null);
			if (!List.of("QUEUED", "RUNNING").contains(view.get("status").asText())) {
				return view;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("job " + job + " did not end in time");
	}

	private JsonNode send(URI server, String key, String method, String path, Object body)
			throws IOException, InterruptedException {
		HttpResponse<String> response = request(server, key, method, path, body);
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
		JsonNode answer = JSON.readTree(response.body());
		if (path.equals("/accounts")) {
			this.accounts.put(answer.get("apiKey").asText(), answer.get("accountId").asLong());
		}
		return answer;
	}

	private int status(URI server, String key, String method, String path, Object body)
			throws IOException, InterruptedException {
		return request(server, key, method, path, body).statusCode();
	}

	private HttpResponse<String> request(URI server, String key, String method, String path, Object body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int count(String text, String what) {
		int count = 0;
		for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
			count++;
		}
		return count;
	}

}
