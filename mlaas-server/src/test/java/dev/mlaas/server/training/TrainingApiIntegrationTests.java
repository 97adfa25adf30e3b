package dev.mlaas.server.training;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;
import dev.mlaas.server.TestIdx;
import dev.mlaas.server.models.ModelService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@ApiTest
class TrainingApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ModelService models;

	@Autowired
	JdbcTemplate jdbc;

	String key;

	long datasetId;

	@BeforeEach
	void signUpAndUpload() {
		Api.useServerOn(this.port);
		this.key = Api.signUp("trainer");
		this.datasetId = Api.uploadCsv(this.key, Api.csv(150, 4, 3, 7));
	}

	@Test
	void oneMultipartCallUploadsTheDataAndStartsTheJobBillingBoth() {
		String key = Api.signUp("one-call");
		var job = Api.as(key)
			.multiPart("file", "purchase.csv", Api.csv(90, 4, 3, 5).getBytes(), "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\", \"epochs\": 2, \"hiddenUnits\": [8], \"seed\": 3}",
					"application/json")
			.post("/train")
			.then()
			.statusCode(202)
			.header("Location", org.hamcrest.Matchers.startsWith("/jobs/"))
			.extract();
		long datasetId = ((Number) job.path("datasetId")).longValue();
		Api.as(key).get("/datasets/" + datasetId).then().statusCode(200).body("name", equalTo("purchase.csv"))
			.body("records", equalTo(90));
		Api.awaitJob(key, ((Number) job.path("id")).longValue()).body("status", equalTo("SUCCEEDED"));
		Api.as(key).get("/usage").then().body("totals.uploads", equalTo(1)).body("totals.trainingJobs", equalTo(1));
		// the recipe part may come without a content type, as curl -F sends it
		Api.as(key)
			.multiPart("file", "again.csv", Api.csv(60, 4, 3, 6).getBytes(), "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\", \"epochs\": 1}")
			.post("/train")
			.then()
			.statusCode(202);
	}

	@Test
	void aRefusedRecipeOrDatasetInTheOneCallFormStoresAndBillsNothing() {
		String key = Api.signUp("one-call-refused");
		byte[] data = Api.csv(60, 4, 3, 7).getBytes();
		// the recipe is read as strictly as the JSON body, and names no dataset
		Api.as(key).multiPart("file", "d.csv", data, "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\", \"epochs\": 1.5}", "application/json")
			.post("/train").then().statusCode(400).contentType("application/problem+json");
		Api.as(key).multiPart("file", "d.csv", data, "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\", \"epochs\": 0}", "application/json")
			.post("/train").then().statusCode(400).body("errors[0]", containsString("epochs"));
		Api.as(key).multiPart("file", "d.csv", data, "text/csv")
			.multiPart("recipe", "{\"datasetId\": 1, \"architecture\": \"mlp\"}", "application/json")
			.post("/train").then().statusCode(400).body("detail", containsString("datasetId"));
		// a job over the size limit is refused after the data was read: the dataset is not kept
		Api.as(key).multiPart("file", "d.csv", data, "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\", \"hiddenUnits\": [4096, 4096, 4096, 4096], "
					+ "\"epochs\": 500, \"batchSize\": 1}", "application/json")
			.post("/train").then().statusCode(400)
			.body("type", equalTo("https://mlaas.dev/problems/training-job-too-large"));
		// a bad dataset names its row, as on POST /datasets
		Api.as(key).multiPart("file", "d.csv", "a,b,label\n1,2,0\n1,x,1\n".getBytes(), "text/csv")
			.multiPart("recipe", "{\"architecture\": \"mlp\"}", "application/json")
			.post("/train").then().statusCode(400).body("row", notNullValue());
		// no recipe at all
		Api.as(key).multiPart("file", "d.csv", data, "text/csv").post("/train").then().statusCode(400);
		Api.as(key).get("/datasets").then().body("size()", equalTo(0));
		Api.as(key).get("/jobs").then().body("size()", equalTo(0));
		Api.as(key).get("/usage").then().body("totals.uploads", equalTo(0)).body("totals.trainingJobs", equalTo(0));
	}

	@Test
	void trainingIsAcceptedAsAJobThatReportsProgressAndEndsWithAModel() {
		Api.as(this.key)
			.contentType("application/json")
			.body(Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 20, "learningRate", 0.01, "seed", 5))
			.post("/train")
			.then()
			.statusCode(202)
			.header("Location", containsString("/jobs/"))
			.body("status", equalTo("QUEUED"))
			.body("progress.epochs", equalTo(20));
		long jobId = ((Number) Api.as(this.key).get("/jobs").then().extract().path("[0].id")).longValue();
		Api.awaitJob(this.key, jobId)
			.body("status", equalTo("SUCCEEDED"))
			.body("progress.epoch", equalTo(20))
			.body("modelId", notNullValue())
			.body("trainingAccuracy", greaterThan(0.8));
	}

	@Test
	void aRunningJobReportsTheEpochsItHasFinished() {
		Number jobId = Api.as(this.key)
			.contentType("application/json")
			.body(Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 400, "batchSize", 10, "seed",
					5))
			.post("/train")
			.then()
			.statusCode(202)
			.extract()
			.path("id");
		java.util.Set<Integer> seen = new java.util.TreeSet<>();
		String status;
		do {
			var job = Api.as(this.key).get("/jobs/" + jobId).then().extract();
			status = job.path("status");
			if ("RUNNING".equals(status)) {
				seen.add(job.path("progress.epoch"));
			}
			Api.sleep(20);
		}
		while (!status.equals("SUCCEEDED") && !status.equals("FAILED"));
		assertThat(status).isEqualTo("SUCCEEDED");
		assertThat(seen).as("epochs seen while running").anyMatch(epoch -> epoch > 0 && epoch < 400);
	}

	@Test
	void theOwnerSeesTheRecipeWithItsDefaults() {
		Number modelId = Api
			.trainAndWait(this.key, Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 2, "seed", 9))
			.extract()
			.path("modelId");
		Api.as(this.key)
			.get("/models/" + modelId)
			.then()
			.statusCode(200)
			.body("architecture", equalTo("mlp"))
			.body("recipe.hiddenUnits", equalTo(List.of(128)))
			.body("recipe.batchSize", equalTo(100))
			.body("recipe.optimizer", equalTo("adam"))
			.body("recipe.learningRate", equalTo(0.001))
			.body("recipe.seed", equalTo(9))
			.body("recipe.weightInit", equalTo("xavier"))
			.body("datasetId", equalTo((int) this.datasetId));
	}

	@Test
	void theWeightInitializationIsARecipeOptionThatChangesTheWeights() {
		Map<String, Object> recipe = Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 1, "seed", 9);
		Number xavier = Api.trainAndWait(this.key, recipe).extract().path("modelId");
		Map<String, Object> uniformRecipe = new java.util.HashMap<>(recipe);
		uniformRecipe.put("weightInit", "uniform");
		Number uniform = Api.trainAndWait(this.key, uniformRecipe).extract().path("modelId");
		Api.as(this.key).get("/models/" + uniform).then().statusCode(200).body("recipe.weightInit", equalTo("uniform"));
		Api.as(this.key).contentType("application/json").body(Map.of("published", true)).patch("/models/" + xavier);
		Api.as(this.key).contentType("application/json").body(Map.of("published", true)).patch("/models/" + uniform);
		List<List<Float>> instance = List.of(List.of(0.5f, -0.5f, 1f, 2f));
		Object fromXavier = Api.as(this.key).contentType("application/json")
			.body(Map.of("modelId", xavier, "instances", instance)).post("/predict").then().statusCode(200)
			.extract().path("predictions[0]");
		Object fromUniform = Api.as(this.key).contentType("application/json")
			.body(Map.of("modelId", uniform, "instances", instance)).post("/predict").then().statusCode(200)
			.extract().path("predictions[0]");
		org.assertj.core.api.Assertions.assertThat(fromUniform).isNotEqualTo(fromXavier);
		Map<String, Object> unknown = new java.util.HashMap<>(recipe);
		unknown.put("weightInit", "he");
		Api.as(this.key).contentType("application/json").body(unknown).post("/train").then().statusCode(400);
	}

	@Test
	void theServiceDefaultRecipeStaysHiddenEvenFromTheOwner() {
		Number modelId = Api.trainAndWait(this.key, Map.of("datasetId", this.datasetId, "seed", 3))
			.body("status", equalTo("SUCCEEDED"))
			.body("architecture", equalTo("auto"))
			.extract()
			.path("modelId");
		Api.as(this.key)
			.get("/models/" + modelId)
			.then()
			.body("architecture", equalTo("auto"))
			.body("recipe.seed", equalTo(3))
			.body("recipe", not(hasKey("hiddenUnits")))
			.body("recipe", not(hasKey("epochs")));
	}

	@Test
	void theCnnTrainsOnImageDatasets() throws IOException {
		byte[] images = TestIdx.images(60, 16, 16, 1);
		byte[] labels = TestIdx.labels(60, 3);
		Number dataset = Api.as(this.key)
			.multiPart("images", "i", images)
			.multiPart("labels", "l", labels)
			.post("/datasets")
			.then()
			.statusCode(201)
			.extract()
			.path("id");
		Api.trainAndWait(this.key,
				Map.of("datasetId", dataset, "architecture", "cnn", "epochs", 2, "batchSize", 20, "seed", 1))
			.body("status", equalTo("SUCCEEDED"))
			.body("trainingAccuracy", notNullValue());
	}

	@Test
	void theMlpRecipeIsServedByTheDensePassAndTheCnnByDl4j() throws IOException {
		long mlp = Api.trainedModel(this.key, 4);
		Number cnnDataset = Api.as(this.key)
			.multiPart("images", "i", TestIdx.images(20, 16, 16, 1))
			.multiPart("labels", "l", TestIdx.labels(20, 3))
			.post("/datasets")
			.then()
			.extract()
			.path("id");
		long cnn = ((Number) Api.trainAndWait(this.key, Map.of("datasetId", cnnDataset, "architecture", "cnn",
				"epochs", 1, "seed", 1))
			.extract()
			.path("modelId")).longValue();
		long owner = this.jdbc.queryForObject("select owner_id from model where id = ?", Long.class, mlp);

		// a change to the recipe's layers that the dense pass does not implement would quietly slow serving down
		assertThat(this.models.servable(owner, mlp).pass()).isEqualTo("dense");
		assertThat(this.models.servable(owner, cnn).pass()).isEqualTo("dl4j-output");
	}

	@Test
	void imagesTooSmallForTheCnnAreRefusedAtSubmissionAndAutoFallsBackToTheMlp() {
		Number dataset = imageDataset(30, 8);
		reject(Map.of("datasetId", dataset, "architecture", "cnn"), 400, "training-request-invalid");
		Api.trainAndWait(this.key, Map.of("datasetId", dataset, "seed", 1)).body("status", equalTo("SUCCEEDED"));
	}

	@Test
	void theSameRecipeOnTheSameDataGivesTheSameModel() {
		Map<String, Object> recipe = Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 3,
				"hiddenUnits", List.of(16), "seed", 42);
		Number first = Api.trainAndWait(this.key, recipe).extract().path("modelId");
		Number second = Api.trainAndWait(this.key, recipe).extract().path("modelId");
		float[][] instances = { { 0.1f, 0.2f, 0.3f, 0.4f }, { 2f, 1f, 2f, 1f } };
		List<?> a = predict(first, instances);
		List<?> b = predict(second, instances);
		assertThat(a).isEqualTo(b);
	}

	@Test
	void randomForestsAndLogisticRegressionTrainAndAnswerThroughTheSamePredict() {
		float[][] instances = { { 0.1f, 0.2f, 0.3f, 0.4f }, { 2f, 1f, 2f, 1f } };
		for (Map<String, Object> recipe : List.of(
				Map.<String, Object>of("datasetId", this.datasetId, "architecture", "random-forest", "trees", 3,
						"seed", 4),
				Map.<String, Object>of("datasetId", this.datasetId, "architecture", "logistic-regression", "epochs", 3,
						"seed", 4))) {
			Number modelId = Api.trainAndWait(this.key, recipe)
				.body("status", equalTo("SUCCEEDED"))
				.body("trainingAccuracy", notNullValue())
				.extract()
				.path("modelId");
			Api.as(this.key)
				.get("/models/" + modelId)
				.then()
				.body("architecture", equalTo(recipe.get("architecture")))
				.body("recipe.seed", equalTo(4));
			List<?> answers = predict(modelId, instances);
			assertThat(answers).hasSize(2);
			for (Object answer : answers) {
				double sum = ((List<?>) answer).stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
				assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
			}
			long owner = this.jdbc.queryForObject("select owner_id from model where id = ?", Long.class, modelId);
			assertThat(this.models.servable(owner, modelId.longValue()).pass()).isEqualTo("tribuo");
		}
		Api.as(this.key)
			.get("/models")
			.then()
			.body("find { it.architecture == 'random-forest' }.recipe.trees", equalTo(3))
			.body("find { it.architecture == 'random-forest' }.recipe.maxDepth", equalTo(64));
	}

	@Test
	void dropoutIsARecipeOptionTrainedWithAndServedWithout() {
		Map<String, Object> recipe = Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 3, "seed", 9,
				"dropout", 0.5);
		Number modelId = Api.trainAndWait(this.key, recipe).extract().path("modelId");
		Api.as(this.key).get("/models/" + modelId).then().statusCode(200).body("recipe.dropout", equalTo(0.5));
		// served with dropout off: the same instance gets the same answer every time
		List<List<Float>> instance = List.of(List.of(0.5f, -0.5f, 1f, 2f));
		java.util.Set<Object> answers = new java.util.HashSet<>();
		for (int i = 0; i < 5; i++) {
			answers.add(Api.as(this.key).contentType("application/json")
				.body(Map.of("modelId", modelId, "instances", instance)).post("/predict").then().statusCode(200)
				.extract().path("predictions[0]"));
		}
		org.assertj.core.api.Assertions.assertThat(answers).hasSize(1);
		// and it changes the training: the same recipe without dropout gives another model
		Map<String, Object> without = new java.util.HashMap<>(recipe);
		without.remove("dropout");
		Number plain = Api.trainAndWait(this.key, without).extract().path("modelId");
		Api.as(this.key).get("/models/" + plain).then().body("recipe", org.hamcrest.Matchers.not(
				org.hamcrest.Matchers.hasKey("dropout")));
		Object fromPlain = Api.as(this.key).contentType("application/json")
			.body(Map.of("modelId", plain, "instances", instance)).post("/predict").then().extract()
			.path("predictions[0]");
		org.assertj.core.api.Assertions.assertThat(answers).doesNotContain(fromPlain);
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "dropout", 1), 400, "invalid-request");
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "dropout", 0.5), 400,
				"training-request-invalid");
	}

	@Test
	void dpSgdShowsTheOwnerTheEpsilonItSpendsAndIsRefusedWhereItCannotRun() {
		Map<String, Object> recipe = Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 4,
				"batchSize", 30, "seed", 9, "dpSgd", Map.of("noiseMultiplier", 1.1, "clipNorm", 1.0, "delta", 1e-3));
		Number modelId = Api.trainAndWait(this.key, recipe).extract().path("modelId");
		double expected = RdpAccountant.epsilon(30.0 / 150, 1.1, 4 * 5, 1e-3).epsilon();
		Api.as(this.key).get("/models/" + modelId).then().statusCode(200)
			.body("recipe.dpSgd.epsilon", org.hamcrest.Matchers.closeTo(expected, 1e-9))
			.body("recipe.dpSgd.steps", equalTo(20))
			.body("recipe.dpSgd.sampleRate", org.hamcrest.Matchers.closeTo(0.2, 1e-12));
		assertThat(predict(modelId, new float[][] { { 0.5f, -0.5f, 1f, 2f } })).hasSize(1);
		// the default delta lies below 1 / records
		Number defaulted = Api.trainAndWait(this.key, Map.of("datasetId", this.datasetId, "architecture", "mlp",
				"epochs", 1, "dpSgd", Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0))).extract().path("modelId");
		Api.as(this.key).get("/models/" + defaulted).then().body("recipe.dpSgd.delta", org.hamcrest.Matchers.closeTo(1e-5, 1e-15));
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "dpSgd",
				Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0)), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "dropout", 0.5, "dpSgd",
				Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0)), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "stacking", true, "dpSgd",
				Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0)), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "dpSgd",
				Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0, "delta", 0.01)), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "dpSgd", Map.of("noiseMultiplier", 1.0)),
				400, "invalid-request");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "dpSgd",
				Map.of("noiseMultiplier", -1, "clipNorm", 1.0)), 400, "invalid-request");
	}

	@Test
	void aCnnTrainsWithDpSgdAndItsOwnerSeesTheEpsilon() {
		Number images = imageDataset(40, 16);
		Number modelId = Api.trainAndWait(this.key, Map.of("datasetId", images, "architecture", "cnn", "epochs", 2,
				"batchSize", 10, "seed", 2, "dpSgd", Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0, "delta", 1e-3)))
			.body("status", equalTo("SUCCEEDED"))
			.extract()
			.path("modelId");
		double expected = RdpAccountant.epsilon(10.0 / 40, 1.0, 2 * 4, 1e-3).epsilon();
		Api.as(this.key).get("/models/" + modelId).then().statusCode(200)
			.body("recipe.architecture", equalTo("cnn"))
			.body("recipe.dpSgd.epsilon", org.hamcrest.Matchers.closeTo(expected, 1e-9));
		reject(Map.of("datasetId", images, "architecture", "cnn", "dropout", 0.5, "dpSgd",
				Map.of("noiseMultiplier", 1.0, "clipNorm", 1.0)), 400, "training-request-invalid");
	}

	/** Uploads {@code count} random square images of {@code side} pixels in three classes; its id. */
	private Number imageDataset(int count, int side) {
		return Api.as(this.key)
			.multiPart("images", "i", TestIdx.images(count, side, side, 1))
			.multiPart("labels", "l", TestIdx.labels(count, 3))
			.post("/datasets")
			.then()
			.statusCode(201)
			.extract()
			.path("id");
	}

	@Test
	void aStackedModelIsOneModelToCallersAndItsRecipeSaysSo() {
		Number modelId = Api.trainAndWait(this.key, Map.of("datasetId", this.datasetId, "architecture", "mlp",
				"epochs", 3, "seed", 4, "stacking", true)).extract().path("modelId");
		Api.as(this.key).get("/models/" + modelId).then().statusCode(200).body("recipe.stacking", equalTo(true));
		List<?> answers = predict(modelId, new float[][] { { 0.5f, -0.5f, 1f, 2f }, { 1f, 1f, 1f, 1f } });
		assertThat(answers).hasSize(2);
		long owner = this.jdbc.queryForObject("select owner_id from model where id = ?", Long.class, modelId);
		assertThat(this.models.servable(owner, modelId.longValue()).pass()).isEqualTo("stacked");
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "stacking", true), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "stacking", "yes"), 400,
				"invalid-request");
	}

	@Test
	void settingsOfAnotherKindOfModelAreRefused() {
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "hiddenUnits", List.of(8)), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "epochs", 3), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "trees", 101), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "random-forest", "trees", 2.5), 400,
				"invalid-request");
		reject(Map.of("datasetId", this.datasetId, "architecture", "logistic-regression", "trees", 3), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "maxDepth", 3), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "trees", 3), 400, "training-request-invalid");
		Api.as(this.key).get("/usage").then().body("totals.trainingJobs", equalTo(0));
	}

	@Test
	void invalidTrainingRequestsAreRejected() {
		reject(Map.of("datasetId", this.datasetId, "architecture", "transformer"), 400, "invalid-request");
		reject(Map.of("datasetId", this.datasetId, "architecture", "cnn"), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "epochs", 5), 400, "training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 100000), 400,
				"training-request-invalid");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "learningRate", -1), 400,
				"invalid-request");
		reject(Map.of("datasetId", this.datasetId, "architecture", "mlp", "hiddenUnits", List.of(0)), 400,
				"invalid-request");
		reject(Map.of("architecture", "mlp"), 400, "invalid-request");
		Api.as(this.key).get("/usage").then().body("totals.trainingJobs", equalTo(0));
	}

	@Test
	void anotherAccountCannotTrainOnADatasetNorSeeAJob() {
		String other = Api.signUp("other");
		Api.as(other)
			.contentType("application/json")
			.body(Map.of("datasetId", this.datasetId))
			.post("/train")
			.then()
			.statusCode(404)
			.body("type", equalTo("https://mlaas.dev/problems/dataset-not-found"));
		Number jobId = Api.as(this.key)
			.contentType("application/json")
			.body(Map.of("datasetId", this.datasetId, "architecture", "mlp", "epochs", 1))
			.post("/train")
			.then()
			.extract()
			.path("id");
		Api.as(other).get("/jobs/" + jobId).then().statusCode(404);
		Api.as(other).get("/jobs").then().body("size()", equalTo(0));
	}

	private void reject(Map<String, Object> body, int status, String type) {
		Api.as(this.key)
			.contentType("application/json")
			.body(body)
			.post("/train")
			.then()
			.statusCode(status)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/" + type));
	}

	private List<?> predict(Number modelId, float[][] instances) {
		return Api.as(this.key)
			.contentType("application/json")
			.body(Map.of("modelId", modelId, "instances", instances))
			.post("/predict")
			.then()
			.statusCode(200)
			.extract()
			.path("predictions");
	}

}
