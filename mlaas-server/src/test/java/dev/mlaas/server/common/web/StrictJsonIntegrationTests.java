package dev.mlaas.server.common.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

/** A JSON value of another type than its field's is a 400 naming the field, and changes and charges nothing. */
@ApiTest
class StrictJsonIntegrationTests {

	@LocalServerPort
	int port;

	String key;

	@BeforeEach
	void signUp() {
		Api.useServerOn(this.port);
		this.key = Api.signUp("strict");
	}

	@ParameterizedTest(name = "epochs: {0}")
	@ValueSource(strings = { "1.5", "\"1\"", "true", "1e0" })
	void aTrainingJobNeedsWholeNumbersOfEpochs(String epochs) {
		long datasetId = Api.uploadCsv(this.key, Api.csv(30, 2, 2, 1));
		Api.as(this.key)
			.contentType("application/json")
			.body("{\"datasetId\": " + datasetId + ", \"architecture\": \"mlp\", \"epochs\": " + epochs + "}")
			.post("/train")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/invalid-request"))
			.body("field", equalTo("epochs"))
			.body("detail", containsString("epochs: must be an integer"));
		Api.as(this.key).get("/usage").then().statusCode(200).body("totals.trainingJobs", equalTo(0));
	}

	@Test
	void theFieldIsNamedInsideArrays() {
		long datasetId = Api.uploadCsv(this.key, Api.csv(30, 2, 2, 1));
		Api.as(this.key)
			.contentType("application/json")
			.body(Map.of("datasetId", datasetId, "hiddenUnits", List.of(8, 2.5)))
			.post("/train")
			.then()
			.statusCode(400)
			.body("field", equalTo("hiddenUnits[1]"));
	}

	@Test
	void aLearningRateMayBeWrittenAsAWholeNumberButNotAsAString() {
		long datasetId = Api.uploadCsv(this.key, Api.csv(30, 2, 2, 1));
		Api.as(this.key)
			.contentType("application/json")
			.body("{\"datasetId\": " + datasetId + ", \"learningRate\": \"0.1\"}")
			.post("/train")
			.then()
			.statusCode(400)
			.body("field", equalTo("learningRate"))
			.body("detail", containsString("must be a JSON number"));
		Api.as(this.key)
			.contentType("application/json")
			.body("{\"datasetId\": " + datasetId + ", \"architecture\": \"mlp\", \"epochs\": 1, \"learningRate\": 1}")
			.post("/train")
			.then()
			.statusCode(202);
	}

	@Test
	void anAccountNameIsAString() {
		Api.as(this.key)
			.contentType("application/json")
			.body("{\"name\": 123}")
			.post("/accounts")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("field", equalTo("name"))
			.body("detail", containsString("must be a JSON string"));
	}

	@ParameterizedTest(name = "published: {0}")
	@ValueSource(strings = { "\"false\"", "0", "1", "null" })
	void publishingTakesTrueOrFalseAndNothingElse(String published) {
		long modelId = Api.trainedModel(this.key, 2);
		Api.as(this.key).contentType("application/json").body(Map.of("published", true))
			.patch("/models/" + modelId).then().statusCode(200);
		Api.as(this.key)
			.contentType("application/json")
			.body("{\"published\": " + published + "}")
			.patch("/models/" + modelId)
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			// null leaves published as it is, and then nothing is asked: both are refused, naming the field
			.body("detail", containsString(published.equals("null") ? "Give published" : "published: must"));
		Api.as(this.key).get("/models/" + modelId).then().statusCode(200).body("published", equalTo(true));
	}

}
