package dev.mlaas.server.metering;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code Idempotency-Key}: a retried request is answered the same and charged once; a key reused for another request
 * is refused; an error is not kept, so the client may try again; and a request whose charge was made but whose
 * answer was lost is never charged twice.
 */
@ApiTest
class IdempotencyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeteringHousekeeping housekeeping;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void aRetriedPredictionIsAnsweredTheSameAndChargedOnce() {
		String key = Api.signUp("retrier");
		long model = Api.trainedModel(key, 4);
		Map<String, Object> body = Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3), List.of(3, 2,
				1, 0)));
		Response first = predict(key, "retry-1", body);
		first.then().statusCode(200);
		Response second = predict(key, "retry-1", body);
		second.then().statusCode(200).header("Idempotent-Replayed", "true");
		assertThat(second.asString()).isEqualTo(first.asString());
		assertThat(first.header("Idempotent-Replayed")).isNull();
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(2));
		// another key is another request
		predict(key, "retry-2", body).then().statusCode(200);
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(4));
	}

	@Test
	void aRetriedNpyPredictionGetsTheSameBytesAndItsChargeHeaders() {
		String key = Api.signUp("npy-retrier");
		long model = Api.trainedModel(key, 4);
		byte[] instances = dev.mlaas.server.TestNpy.float32(new float[][] { { 0.5f, 1, 2, 3 } });
		Response first = npy(key, model, instances);
		Response second = npy(key, model, instances);
		second.then().statusCode(200).header("Idempotent-Replayed", "true");
		assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
		assertThat(second.header("Mlaas-Charge-Id")).isEqualTo(first.header("Mlaas-Charge-Id"));
		assertThat(second.contentType()).isEqualTo(first.contentType());
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(1));
	}

	@Test
	void aRetriedTrainingJobIsOneJobBilledOnce() {
		String key = Api.signUp("train-retrier");
		long dataset = Api.uploadCsv(key, Api.csv(60, 4, 3, 9));
		Map<String, Object> body = Map.of("datasetId", dataset, "architecture", "mlp", "epochs", 1);
		long first = ((Number) Api.as(key).header("Idempotency-Key", "job-1").contentType("application/json")
			.body(body).post("/train").then().statusCode(202).extract().path("id")).longValue();
		long again = ((Number) Api.as(key).header("Idempotency-Key", "job-1").contentType("application/json")
			.body(body).post("/train").then().statusCode(202).header("Idempotent-Replayed", "true")
			.extract().path("id")).longValue();
		assertThat(again).isEqualTo(first);
		Api.as(key).get("/jobs").then().body("size()", equalTo(1));
		Api.as(key).get("/usage").then().body("totals.trainingJobs", equalTo(1));
	}

	@Test
	void aKeyReusedForAnotherRequestIsRefusedAndAnErrorIsNotKept() {
		String key = Api.signUp("reuser");
		long model = Api.trainedModel(key, 4);
		predict(key, "k", Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3)))).then().statusCode(200);
		predict(key, "k", Map.of("modelId", model, "instances", List.of(List.of(9, 9, 9, 9)))).then()
			.statusCode(422)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/idempotency-key-reused"));
		// a refused request (no such model) is not kept: the same key works once the request is right
		predict(key, "e", Map.of("modelId", 999_999, "instances", List.of(List.of(0.5, 1, 2, 3)))).then()
			.statusCode(404);
		predict(key, "e", Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3)))).then()
			.statusCode(200);
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(2));
		// an upload is parsed from the container's own stream, which cannot be replayed
		Api.as(key).header("Idempotency-Key", "u").multiPart("file", "d.csv", Api.csv(20, 4, 3, 1).getBytes(),
				"text/csv").post("/datasets").then().statusCode(400)
			.body("type", equalTo("https://mlaas.dev/problems/idempotency-key-unsupported"));
	}

	@Test
	void aRequestChargedWhoseAnswerWasLostIsNeverChargedAgain() {
		String key = Api.signUp("crashed");
		long model = Api.trainedModel(key, 4);
		Map<String, Object> body = Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3)));
		predict(key, "lost", body).then().statusCode(200);
		// as if the server had died after the charge committed and before it kept the answer
		this.jdbc.update("delete from idempotent_request where idempotency_key = 'lost'");
		predict(key, "lost", body).then()
			.statusCode(409)
			.body("type", equalTo("https://mlaas.dev/problems/idempotency-key-charged"));
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(1));
		// and the failed retry was not kept either: asking again gets the same honest answer
		predict(key, "lost", body).then().statusCode(409);
	}

	@Test
	void keptAnswersOlderThanTheirTimeArePurgedAndTheirRetriesStillChargeNothing() {
		String key = Api.signUp("purged");
		long model = Api.trainedModel(key, 4);
		Map<String, Object> body = Map.of("modelId", model, "instances", List.of(List.of(0.5, 1, 2, 3)));
		predict(key, "old", body).then().statusCode(200);
		predict(key, "new", body).then().statusCode(200);
		this.jdbc.update("update idempotent_request set created_at = ? where idempotency_key = 'old'",
				java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofHours(25))));
		assertThat(this.housekeeping.run().answers()).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from idempotent_request where idempotency_key in "
				+ "('old', 'new')", Integer.class)).isEqualTo(1);
		predict(key, "new", body).then().statusCode(200).header("Idempotent-Replayed", "true");
		predict(key, "old", body).then().statusCode(409);
		Api.as(key).get("/usage").then().body("totals.queries", equalTo(2));
	}

	private static Response predict(String key, String idempotencyKey, Map<String, Object> body) {
		return Api.as(key).header("Idempotency-Key", idempotencyKey).contentType("application/json").body(body)
			.post("/predict");
	}

	private static Response npy(String key, long model, byte[] instances) {
		return Api.as(key).header("Idempotency-Key", "npy-1").contentType("application/x-npy").accept(
				"application/x-npy").body(instances).post("/predict?modelId=" + model);
	}

}
