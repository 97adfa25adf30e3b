package dev.mlaas.server.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.server.Api;
import dev.mlaas.server.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM stops the server within the time an orchestrator gives a pod (Kubernetes: 30 s), even with a long training
 * job running: the job is not waited for, and the revival of interrupted jobs runs it again later.
 */
class GracefulStopIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void aRunningTrainingJobDoesNotHoldUpSigterm() throws Exception {
		try (ServerProcess server = ServerProcess.start(this.dir.resolve("data"), "server.log")) {
			Api.useServerOn(server.port());
			String key = Api.signUp("owner");
			long datasetId = Api.uploadCsv(key, Api.csv(2000, 50, 3, 1));
			// minutes of work: 500 epochs of a 50-512-512-3 MLP on 2,000 records
			long jobId = ((Number) Api.as(key)
				.contentType("application/json")
				.body(Map.of("datasetId", datasetId, "architecture", "mlp", "hiddenUnits", List.of(512, 512),
						"epochs", 500, "batchSize", 10, "seed", 1))
				.post("/train")
				.then()
				.statusCode(202)
				.extract()
				.path("id")).longValue();
			awaitRunning(key, jobId);

			Duration stopped = server.stop(Duration.ofSeconds(30));

			assertThat(stopped).as("time from SIGTERM to exit").isNotNull().isLessThan(Duration.ofSeconds(25));
			System.out.printf("graceful stop with a job running: %d ms%n", stopped.toMillis());
		}
	}

	private static void awaitRunning(String key, long jobId) {
		for (int i = 0; i < 300; i++) {
			String status = Api.as(key).get("/jobs/" + jobId).then().statusCode(200).extract().path("status");
			if (status.equals("RUNNING")) {
				return;
			}
			assertThat(status).isEqualTo("QUEUED");
			Api.sleep(100);
		}
		throw new AssertionError("job " + jobId + " did not start");
	}

}
