package dev.mlaas.server.training;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue that polls only once a minute, on a database of its own (so no other test context's scheduler picks the
 * job up): a job submitted to an idle server must still start at once.
 */
@ApiTest
@TestPropertySource(properties = { "db-scheduler.polling-interval=60s",
		"spring.datasource.url=jdbc:h2:mem:job-start;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class JobStartIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aJobSubmittedToAnIdleServerStartsWithoutWaitingForTheQueuesNextPoll() {
		Api.useServerOn(this.port);
		String key = Api.signUp("eager");
		long datasetId = Api.uploadCsv(key, Api.csv(60, 3, 2, 1));

		var job = Api.trainAndWait(key, Map.of("datasetId", datasetId, "architecture", "mlp", "epochs", 2, "seed", 1))
			.extract();

		Duration queued = Duration.between(Instant.parse(job.path("createdAt")), Instant.parse(job.path("startedAt")));
		assertThat(queued).isLessThan(Duration.ofSeconds(5));
	}

}
