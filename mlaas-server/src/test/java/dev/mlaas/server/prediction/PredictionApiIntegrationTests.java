package dev.mlaas.server.prediction;

import java.util.List;
import java.util.Map;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;
import dev.mlaas.server.TestNpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

@ApiTest
class PredictionApiIntegrationTests {

	private static final int FEATURES = 4;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String owner;

	long modelId;

	@BeforeEach
	void trainAModel() {
		Api.useServerOn(this.port);
		this.owner = Api.signUp("owner");
		this.modelId = Api.trainedModel(this.owner, FEATURES);
	}

	@Test
	void theOwnerGetsOnePosteriorVectorPerInstance() {
		List<List<Double>> predictions = Api.as(this.owner)
			.contentType("application/json")
			.body(request(instances(3)))
			.post("/predict")
			.then()
			.statusCode(200)
			.body("queries", equalTo(3))
			.body("modelId", equalTo((int) this.modelId))
			.extract()
			.path("predictions");
		assertThat(predictions).hasSize(3);
		for (List<Double> posterior : predictions) {
			assertThat(posterior).hasSize(3);
			assertThat(posterior.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-4));
		}
	}

	@Test
	void aPrivateModelIsInvisibleToOthersUntilPublished() {
		String other = Api.signUp("other");
		predictAs(other).statusCode(404).body("type", equalTo("https://mlaas.dev/problems/model-not-found"));
		Api.as(other).get("/models/" + this.modelId).then().statusCode(404);

		publish(true);
		predictAs(other).statusCode(200).body("queries", equalTo(2));
		Api.as(other)
			.get("/models/" + this.modelId)
			.then()
			.statusCode(200)
			.body("features", equalTo((int) FEATURES))
			.body("owned", equalTo(false))
			.body("$", not(hasKey("architecture")))
			.body("$", not(hasKey("recipe")))
			.body("$", not(hasKey("datasetId")))
			.body("$", not(hasKey("trainingAccuracy")));

		publish(false);
		predictAs(other).statusCode(404);
	}

	@Test
	void aModelUnpublishedByAnotherReplicaStopsAnsweringOthersWithinTheLookupCacheTtl() {
		String other = Api.signUp("other");
		publish(true);
		predictAs(other).statusCode(200);
		// what another replica's unpublish leaves behind: the row changes, this replica's cache does not hear of it
		this.jdbc.update("update model set published = false where id = ?", this.modelId);

		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
		int status = 200;
		while (status == 200 && System.nanoTime() < deadline) {
			status = predictAs(other).extract().statusCode();
			Api.sleep(50);
		}
		assertThat(status).isEqualTo(404);
		predictAs(this.owner).statusCode(200);
	}

	@Test
	void modelListsHoldOnlyTheCallersOwnModels() {
		publish(true);
		Api.as(this.owner).get("/models").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem((int) this.modelId))
			.body("owned", org.hamcrest.Matchers.everyItem(equalTo(true)));
		Api.as(Api.signUp("other")).get("/models").then().statusCode(200).body("size()", equalTo(0));
	}

	@Test
	void onlyTheOwnerCanPublish() {
		String other = Api.signUp("other");
		Api.as(other)
			.contentType("application/json")
			.body(Map.of("published", true))
			.patch("/models/" + this.modelId)
			.then()
			.statusCode(404);
		predictAs(other).statusCode(404);
	}

	@Test
	void nPredictedInstancesWriteNLedgerRowsBeforeTheAnswer() {
		Api.as(this.owner).contentType("application/json").body(request(instances(7))).post("/predict").then()
			.statusCode(200);
		Api.as(this.owner)
			.get("/usage")
			.then()
			.body("totals.queries", equalTo(7))
			.body("rows.findAll { it.action == 'PREDICTION' }.size()", equalTo(7))
			.body("rows.findAll { it.action == 'PREDICTION' }.requestId.unique().size()", equalTo(1));
	}

	@Test
	void anAnswerTypeTheServiceCannotWriteIsRefusedBeforeAnythingIsCharged() {
		int ledgerRows = ledgerRows();
		Api.as(this.owner)
			.contentType("application/json")
			.accept("text/csv")
			.body(request(instances(2)))
			.post("/predict")
			.then()
			.statusCode(406)
			.contentType("application/problem+json");
		Api.as(this.owner)
			.contentType("application/x-npy")
			.accept("text/csv")
			.body(TestNpy.float32(instances(2)))
			.post("/predict?modelId=" + this.modelId)
			.then()
			.statusCode(406);
		assertThat(ledgerRows()).isEqualTo(ledgerRows);
	}

	@Test
	void badInstancesAreRejectedAndNotCharged() {
		int ledgerRows = ledgerRows();
		reject(Map.of("modelId", this.modelId, "instances", List.of(List.of(1, 2, 3))), "instances-invalid")
			.body("detail", containsString("has 3 features; the model takes 4"))
			.body("index", equalTo(0));
		reject(Map.of("modelId", this.modelId, "instances", List.of(List.of(1, 2, 3, 4), List.of(1, 2, 1e300, 4))),
				"instances-invalid")
			.body("index", equalTo(1))
			.body("feature", equalTo(2));
		reject(Map.of("modelId", this.modelId, "instances", List.of()), "invalid-request");
		reject(Map.of("modelId", this.modelId), "invalid-request");
		reject(Map.of("modelId", this.modelId, "instances", instances(1001)), "instances-invalid").body("limit",
				equalTo(1000));
		Api.as(this.owner)
			.contentType("application/json")
			.body("{\"modelId\":" + this.modelId + ",\"instances\":[[1,2,NaN,4]]}")
			.post("/predict")
			.then()
			.statusCode(400);
		// a quoted "NaN" gets past JSON parsing; the service's own finiteness check must catch it
		reject(Map.of("modelId", this.modelId, "instances", List.of(List.of(1, 2, "NaN", 4))), "instances-invalid")
			.body("feature", equalTo(2));
		Api.as(this.owner)
			.contentType("application/json")
			.body(Map.of("modelId", 987654, "instances", instances(1)))
			.post("/predict")
			.then()
			.statusCode(404);
		assertThat(ledgerRows()).isEqualTo(ledgerRows);
	}

	/** The same endpoint with NumPy {@code .npy} bodies. */
	@Nested
	class NpyBodies {

		@Test
		void anNpyBatchGetsTheSamePosteriorsAsJsonAsOneFloat32Array() {
			float[][] instances = instances(5);
			List<List<Float>> json = Api.as(owner)
				.contentType("application/json")
				.body(Map.of("modelId", modelId, "instances", instances))
				.post("/predict")
				.then()
				.statusCode(200)
				.extract()
				.jsonPath()
				.getList("predictions");

			ExtractableResponse<Response> npy = predictNpy(TestNpy.float32(instances), "application/x-npy").statusCode(200)
				.contentType("application/x-npy")
				.header("Mlaas-Model-Id", Long.toString(modelId))
				.header("Mlaas-Queries", "5")
				.header("Mlaas-Credits", "0.005")
				.extract();
			byte[] body = npy.asByteArray();
			assertThat(new String(body, 1, 5)).isEqualTo("NUMPY");
			assertThat(new String(body, 10, 60)).contains("'descr': '<f4'").contains("'shape': (5, 3)");
			float[][] posteriors = TestNpy.readFloat32(body, 5, 3);
			for (int i = 0; i < 5; i++) {
				for (int c = 0; c < 3; c++) {
					// JSON's nine digits read back as the very float the .npy answer carries
					assertThat(posteriors[i][c]).isEqualTo(((Number) json.get(i).get(c)).floatValue());
				}
			}
		}

		@Test
		void uint8ArraysAreTheSameInstancesAsTheirFloats() {
			float[][] instances = instances(3);
			byte[] asFloats = predictNpy(TestNpy.float32(instances), "application/x-npy").statusCode(200)
				.extract()
				.asByteArray();
			byte[] asBytes = predictNpy(TestNpy.uint8(instances), "application/x-npy").statusCode(200)
				.extract()
				.asByteArray();
			assertThat(asBytes).isEqualTo(asFloats);
		}

		@Test
		void eitherBodyCanAskForTheOtherAnswer() {
			predictNpy(TestNpy.float32(instances(2)), "application/json").statusCode(200)
				.contentType("application/json")
				.body("queries", equalTo(2))
				.body("modelId", equalTo((int) modelId))
				.body("predictions.size()", equalTo(2));
			byte[] npy = Api.as(owner)
				.contentType("application/json")
				.accept("application/x-npy")
				.body(Map.of("modelId", modelId, "instances", instances(2)))
				.post("/predict")
				.then()
				.statusCode(200)
				.contentType("application/x-npy")
				.extract()
				.asByteArray();
			assertThat(TestNpy.readFloat32(npy, 2, 3)).hasNumberOfRows(2);
		}

		@Test
		void anNpyBatchIsChargedOneQueryPerInstance() {
			predictNpy(TestNpy.float32(instances(7)), "application/x-npy").statusCode(200);
			Api.as(owner)
				.get("/usage")
				.then()
				.body("totals.queries", equalTo(7))
				.body("rows.findAll { it.action == 'PREDICTION' }.size()", equalTo(7));
		}

		@Test
		void badArraysAreProblemsEvenWhenTheClientAcceptsOnlyNpyAndNothingIsCharged() {
			int ledgerRows = ledgerRows();
			predictNpy("not numpy".getBytes(), "application/x-npy").statusCode(400)
				.contentType("application/problem+json")
				.body("type", equalTo("https://mlaas.dev/problems/unreadable-request"))
				.body("detail", containsString("magic string"));
			predictNpy(TestNpy.float32(new float[][] { { 1, 2, 3 } }), "application/x-npy").statusCode(400)
				.contentType("application/problem+json")
				.body("type", equalTo("https://mlaas.dev/problems/instances-invalid"))
				.body("detail", containsString("has 3 features; the model takes 4"));
			predictNpy(TestNpy.float32(new float[][] { { 1, 2, 3, 4 }, { 1, Float.POSITIVE_INFINITY, 3, 4 } }),
					"application/x-npy")
				.statusCode(400)
				.body("type", equalTo("https://mlaas.dev/problems/instances-invalid"))
				.body("index", equalTo(1))
				.body("feature", equalTo(1));
			predictNpy(TestNpy.float32(instances(1001)), "application/x-npy").statusCode(400)
				.body("limit", equalTo(1000));
			Api.as(owner)
				.contentType("application/x-npy")
				.body(TestNpy.float32(instances(1)))
				.post("/predict")
				.then()
				.statusCode(400)
				.contentType("application/problem+json")
				.body("detail", containsString("modelId"));
			assertThat(ledgerRows()).isEqualTo(ledgerRows);
		}

		@Test
		void anotherAccountsPrivateModelAndAMissingKeyAreRefused() {
			Api.as(Api.signUp("other"))
				.contentType("application/x-npy")
				.body(TestNpy.float32(instances(1)))
				.post("/predict?modelId=" + modelId)
				.then()
				.statusCode(404)
				.body("type", equalTo("https://mlaas.dev/problems/model-not-found"));
			io.restassured.RestAssured.given()
				.contentType("application/x-npy")
				.body(TestNpy.float32(instances(1)))
				.post("/predict?modelId=" + modelId)
				.then()
				.statusCode(401);
		}

		@Test
		void twoModelIdsAreAmbiguousAndChargeNothing() {
			Api.as(owner)
				.contentType("application/x-npy")
				.body(TestNpy.float32(instances(2)))
				.post("/predict?modelId=" + modelId + "&modelId=" + modelId)
				.then()
				.statusCode(400)
				.contentType("application/problem+json")
				.body("detail", org.hamcrest.Matchers.containsString("modelId: give exactly one model, not 2"));
			Api.as(owner).get("/usage").then().statusCode(200).body("totals.queries", equalTo(0));
		}

		@Test
		void everyAnswerCarriesTheIdOfItsChargeInTheLedger() {
			String json = Api.as(owner)
				.contentType("application/json")
				.body(Map.of("modelId", modelId, "instances", instances(2)))
				.post("/predict")
				.then()
				.statusCode(200)
				.extract()
				.path("chargeId");
			String npy = predictNpy(TestNpy.float32(instances(3)), "application/x-npy").statusCode(200)
				.extract()
				.header("Mlaas-Charge-Id");
			List<String> ledger = Api.as(owner).get("/usage")
				.then()
				.statusCode(200)
				.extract()
				.path("rows.findAll { it.action == 'PREDICTION' }.requestId");
			// newest first: three lines of the .npy request, then two of the JSON one
			assertThat(ledger).containsExactly(npy, npy, npy, json, json);
		}

		private io.restassured.response.ValidatableResponse predictNpy(byte[] body, String accept) {
			return Api.as(owner)
				.contentType("application/x-npy")
				.accept(accept)
				.body(body)
				.post("/predict?modelId=" + modelId)
				.then();
		}

	}

	private io.restassured.response.ValidatableResponse reject(Map<String, Object> body, String type) {
		return Api.as(this.owner)
			.contentType("application/json")
			.body(body)
			.post("/predict")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/" + type));
	}

	private io.restassured.response.ValidatableResponse predictAs(String key) {
		return Api.as(key).contentType("application/json").body(request(instances(2))).post("/predict").then();
	}

	private void publish(boolean published) {
		Api.as(this.owner)
			.contentType("application/json")
			.body(Map.of("published", published))
			.patch("/models/" + this.modelId)
			.then()
			.statusCode(200)
			.body("published", equalTo(published));
	}

	private Map<String, Object> request(float[][] instances) {
		return Map.of("modelId", this.modelId, "instances", instances);
	}

	private static float[][] instances(int n) {
		float[][] instances = new float[n][FEATURES];
		for (int i = 0; i < n; i++) {
			for (int f = 0; f < FEATURES; f++) {
				instances[i][f] = (i + f) % 3;
			}
		}
		return instances;
	}

	private int ledgerRows() {
		return this.jdbc.queryForObject("select count(*) from ledger_entry", Integer.class);
	}

}
