package dev.mlaas.server.training;

import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.hamcrest.Matchers.equalTo;

/**
 * A job whose server died mid-training is left in the database as running, picked by a scheduler that no longer
 * sends heartbeats. These tests forge exactly that state and check that the queue takes the job up again.
 */
@ApiTest
class InterruptedJobIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String key;

	@BeforeEach
	void signUp() {
		Api.useServerOn(this.port);
		this.key = Api.signUp("crash");
	}

	@Test
	void aJobRunningWhenItsServerDiedIsRunAgainToTheEnd() {
		long jobId = interruptedJob(1);
		Api.awaitJob(this.key, jobId).body("status", equalTo("SUCCEEDED")).body("attempts", equalTo(2));
	}

	@Test
	void aJobThatKeepsDyingIsFailedInsteadOfRunningForever() {
		long jobId = interruptedJob(3);
		Api.awaitJob(this.key, jobId)
			.body("status", equalTo("FAILED"))
			.body("error", equalTo("Training was interrupted 3 times and was given up."));
	}

	private long interruptedJob(int attempts) {
		long datasetId = Api.uploadCsv(this.key, Api.csv(50, 3, 2, 1));
		long accountId = this.jdbc.queryForObject("select owner_id from dataset where id = ?", Long.class, datasetId);
		Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(3600));
		String recipe = "{\"architecture\":\"mlp\",\"hiddenUnits\":[4],\"epochs\":2,\"batchSize\":10,"
				+ "\"learningRate\":0.01,\"optimizer\":\"adam\",\"l2\":0.0,\"seed\":1}";
		this.jdbc.update("insert into training_job (owner_id, dataset_id, requested_architecture, recipe, status, "
				+ "epochs_done, epochs_total, attempts, created_at, started_at) values (?, ?, 'mlp', ?, 'RUNNING', 1, 2, ?, ?, ?)",
				accountId, datasetId, recipe, attempts, longAgo, longAgo);
		long jobId = this.jdbc.queryForObject("select max(id) from training_job", Long.class);
		this.jdbc.update("insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, "
				+ "picked_by, last_heartbeat, version) values ('train-model', ?, ?, ?, true, 'a-dead-replica', ?, 1)",
				"job-" + jobId, serialized(jobId), longAgo, longAgo);
		Api.as(this.key).get("/jobs/" + jobId).then().body("status", equalTo("RUNNING"));
		return jobId;
	}

	private static byte[] serialized(long value) {
		var bytes = new java.io.ByteArrayOutputStream();
		try (var out = new java.io.ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}


}
