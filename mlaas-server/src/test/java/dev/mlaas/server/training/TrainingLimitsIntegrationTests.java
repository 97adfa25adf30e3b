package dev.mlaas.server.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import dev.mlaas.server.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What one account can make the service do: an oversized job is refused at submission, an account's unfinished
 * jobs are bounded (429 with Retry-After), a burst from one account does not hold back another's job by more than
 * one job, and an owner can cancel a job. One training worker here, so that the queue's order is what is tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// a database of its own: another context's workers polling the shared in-memory one would take these jobs too
@TestPropertySource(properties = { "mlaas.training.concurrent-jobs=1", "mlaas.training.max-unfinished-jobs-per-account=4",
		"spring.datasource.url=jdbc:h2:mem:mlaas-limits;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class TrainingLimitsIntegrationTests {

	@LocalServerPort
	int port;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void theTenHourJobIsRefusedAtSubmissionNamingTheLimitAndIsNotBilled() {
		String key = Api.signUp("greedy");
		long dataset = Api.uploadCsv(key, Api.csv(200, 4, 3, 1));
		Api.as(key)
			.contentType("application/json")
			.body(Map.of("datasetId", dataset, "architecture", "mlp", "hiddenUnits", List.of(4096, 4096, 4096, 4096),
					"epochs", 500, "batchSize", 1))
			.post("/train")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/training-job-too-large"))
			.body("limit", equalTo(5e11))
			.body("detail", org.hamcrest.Matchers.containsString("at most 5.00e+11"));
		Api.as(key).get("/usage").then().body("totals.trainingJobs", equalTo(0));
		// the ML-Leaks reference job on this dataset is far below the limit
		Api.as(key).contentType("application/json").body(Map.of("datasetId", dataset, "architecture", "mlp",
				"epochs", 1)).post("/train").then().statusCode(202);
	}

	@Test
	void anAccountsUnfinishedJobsAreBoundedAndTheRefusalSaysWhenToTryAgain() {
		String key = Api.signUp("bursty");
		long dataset = Api.uploadCsv(key, Api.csv(150, 4, 3, 2));
		List<Long> jobs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			jobs.add(submit(key, dataset, 400));
		}
		Api.as(key)
			.contentType("application/json")
			.body(Map.of("datasetId", dataset, "architecture", "mlp", "epochs", 1))
			.post("/train")
			.then()
			.statusCode(429)
			.header("Retry-After", "10")
			.body("type", equalTo("https://mlaas.dev/problems/too-many-jobs"))
			.body("limit", equalTo(4));
		Api.as(key).get("/usage").then().body("totals.trainingJobs", equalTo(4))
			.body("limits.training.maxUnfinishedJobs", equalTo(4))
			.body("limits.training.unfinishedJobs", equalTo(4))
			.body("limits.training.jobsLeft", equalTo(0))
			.body("limits.training.maxJobWork", equalTo(5e11));
		jobs.forEach(job -> Api.as(key).post("/jobs/" + job + "/cancel").then().statusCode(200));
		Api.as(key).get("/usage").then().body("limits.training.jobsLeft", equalTo(4));
		Api.as(key).contentType("application/json").body(Map.of("datasetId", dataset, "architecture", "mlp",
				"epochs", 1)).post("/train").then().statusCode(202);
	}

	@Test
	void simultaneousSubmissionsCannotPassTheBoundTogether() throws Exception {
		String key = Api.signUp("simultaneous");
		long dataset = Api.uploadCsv(key, Api.csv(150, 4, 3, 6));
		List<java.util.concurrent.Callable<Integer>> submissions = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			submissions.add(() -> Api.as(key).contentType("application/json")
				.body(Map.of("datasetId", dataset, "architecture", "mlp", "epochs", 400, "hiddenUnits", List.of(128)))
				.post("/train")
				.statusCode());
		}
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
		List<Integer> statuses = new ArrayList<>();
		for (var answer : pool.invokeAll(submissions)) {
			statuses.add(answer.get());
		}
		pool.shutdown();
		assertThat(statuses).filteredOn(status -> status == 202).hasSize(4);
		assertThat(statuses).filteredOn(status -> status == 429).hasSize(6);
		Api.as(key).get("/jobs").then().body("size()", equalTo(4));
		List<Integer> jobs = Api.as(key).get("/jobs").then().extract().path("id");
		jobs.forEach(job -> Api.as(key).post("/jobs/" + job + "/cancel"));
	}

	@Test
	void aBurstFromOneAccountHoldsAnotherAccountsJobBackByOneJobAtMost() {
		String burst = Api.signUp("burst");
		String other = Api.signUp("other");
		long burstData = Api.uploadCsv(burst, Api.csv(150, 4, 3, 3));
		long otherData = Api.uploadCsv(other, Api.csv(150, 4, 3, 4));
		List<Long> jobs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			jobs.add(submit(burst, burstData, 200));
		}
		long late = submit(other, otherData, 10);
		Instant lateStarted = Instant.parse(Api.awaitJob(other, late).extract().path("startedAt"));
		List<Instant> burstStarts = new ArrayList<>();
		for (long job : jobs) {
			burstStarts.add(Instant.parse(Api.awaitJob(burst, job).extract().path("startedAt")));
		}
		// the one worker ran the burst's first job (perhaps its second, had the first finished before the other
		// account submitted), then the other account's, then the rest of the burst
		long before = burstStarts.stream().filter(start -> start.isBefore(lateStarted)).count();
		assertThat(before).isBetween(1L, 2L);
	}

	@Test
	void anOwnerCancelsAQueuedOrRunningJobAndNoModelIsStored() {
		String key = Api.signUp("canceller");
		long dataset = Api.uploadCsv(key, Api.csv(150, 4, 3, 5));
		long running = submit(key, dataset, 400);
		long queued = submit(key, dataset, 400);
		Instant deadline = Instant.now().plusSeconds(60);
		while (!"RUNNING".equals(Api.as(key).get("/jobs/" + running).then().extract().path("status"))
				&& Instant.now().isBefore(deadline)) {
			Api.sleep(20);
		}
		Api.as(key).post("/jobs/" + queued + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
		Api.as(key).post("/jobs/" + running + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
		Api.awaitJob(key, running).body("status", equalTo("CANCELLED")).body("modelId", equalTo(null));
		// the queued job never starts, and the worker is free for the next job
		Api.sleep(500);
		Api.as(key).get("/jobs/" + queued).then().body("status", equalTo("CANCELLED")).body("startedAt", equalTo(null));
		Api.as(key).get("/models").then().body("size()", equalTo(0));
		Api.as(key).post("/jobs/" + running + "/cancel").then().statusCode(409)
			.body("type", equalTo("https://mlaas.dev/problems/job-finished"));
		String stranger = Api.signUp("stranger");
		Api.as(stranger).post("/jobs/" + running + "/cancel").then().statusCode(404);
		long next = submit(key, dataset, 1);
		Api.awaitJob(key, next).body("status", equalTo("SUCCEEDED"));
	}

	/** A job of {@code epochs} epochs of a 128-unit MLP (about 4 ms an epoch on 150 records). */
	private static long submit(String key, long dataset, int epochs) {
		return ((Number) Api.as(key)
			.contentType("application/json")
			.body(Map.of("datasetId", dataset, "architecture", "mlp", "epochs", epochs, "batchSize", 10, "seed", 1))
			.post("/train")
			.then()
			.statusCode(202)
			.extract()
			.path("id")).longValue();
	}

}
