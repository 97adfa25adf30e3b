package dev.mlaas.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Test helpers that talk to the server only through its HTTP API, as a client would. */
public final class Api {

	private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
		.jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

	private Api() {
	}

	public static void useServerOn(int port) {
		RestAssured.port = port;
		RestAssured.config = CONFIG;
	}

	/** Signs up a new account and returns its API key. */
	public static String signUp(String name) {
		return given().contentType("application/json")
			.body(Map.of("name", name))
			.post("/accounts")
			.then()
			.statusCode(201)
			.extract()
			.path("apiKey");
	}

	public static RequestSpecification as(String apiKey) {
		return given().header("Authorization", "Bearer " + apiKey);
	}

	/** A CSV of {@code rows} records, {@code features} Gaussian features around three times the label, {@code classes} labels. */
	public static String csv(int rows, int features, int classes, long seed) {
		Random random = new Random(seed);
		StringBuilder csv = new StringBuilder();
		for (int f = 0; f < features; f++) {
			csv.append("f").append(f).append(',');
		}
		csv.append("label\n");
		for (int r = 0; r < rows; r++) {
			int label = random.nextInt(classes);
			for (int f = 0; f < features; f++) {
				csv.append(String.format(Locale.ROOT, "%.4f", 3 * label + random.nextGaussian())).append(',');
			}
			csv.append(label).append('\n');
		}
		return csv.toString();
	}

	public static long uploadCsv(String apiKey, String csv) {
		return ((Number) as(apiKey).multiPart("file", "data.csv", csv.getBytes(), "text/csv")
			.post("/datasets")
			.then()
			.statusCode(201)
			.extract()
			.path("id")).longValue();
	}

	/** Starts a job and waits for it to end; returns the finished job's response. */
	public static ValidatableResponse trainAndWait(String apiKey, Map<String, Object> request) {
		long jobId = ((Number) as(apiKey).contentType("application/json")
			.body(request)
			.post("/train")
			.then()
			.statusCode(202)
			.extract()
			.path("id")).longValue();
		return awaitJob(apiKey, jobId);
	}

	public static ValidatableResponse awaitJob(String apiKey, long jobId) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			ValidatableResponse job = as(apiKey).get("/jobs/" + jobId).then().statusCode(200);
			String status = job.extract().path("status");
			if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
				return job;
			}
			sleep(100);
		}
		throw new AssertionError("job " + jobId + " did not finish in time");
	}

	/** Uploads a small dataset, trains an MLP on it and returns the model id. */
	public static long trainedModel(String apiKey, int features) {
		long datasetId = uploadCsv(apiKey, csv(120, features, 3, 1));
		Number modelId = trainAndWait(apiKey, Map.of("datasetId", datasetId, "architecture", "mlp", "epochs", 3,
				"hiddenUnits", java.util.List.of(8), "seed", 1))
			.extract()
			.path("modelId");
		return modelId.longValue();
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
