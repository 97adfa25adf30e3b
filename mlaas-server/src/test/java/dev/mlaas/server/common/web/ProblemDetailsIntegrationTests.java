package dev.mlaas.server.common.web;

import org.junit.jupiter.api.BeforeEach;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@ApiTest
class ProblemDetailsIntegrationTests {

	@LocalServerPort
	int port;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void anUnknownPathIsA404Problem() {
		Api.as(Api.signUp("p")).get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
	}

	@Test
	void malformedJsonIsA400ProblemWithoutInternals() {
		Api.as(Api.signUp("p"))
			.contentType("application/json")
			.body("{\"modelId\": 1, \"instances\": [[1, 2,")
			.post("/predict")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/unreadable-request"))
			.body(not(containsString("Exception")))
			.body(not(containsString("at com.")));
	}

	@Test
	void theErrorPageAskedForDirectlyIsA404Problem() {
		given().get("/error").then().statusCode(404).contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/not-found"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "GET /actuator/health HTTP/1.1\r\nX-Big: %s\r\n", "GET /models/1%%2f2 HTTP/1.1\r\n",
			"G(T /actuator/health HTTP/1.1\r\n", "GET /actuator/health HTTP/9\r\n" })
	void requestsTomcatCannotTakeAreProblemsToo(String head) throws IOException {
		String request = String.format(head, "a".repeat(20_000)) + "Host: localhost\r\nConnection: close\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			// an unknown HTTP version is 505, the rest 400
			assertThat(answer).containsPattern("^HTTP/1\\.1 (400|505) ")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"type\":\"https://mlaas.dev/problems/")
				.doesNotContain("<html");
		}
	}

	@Test
	void aWrongMethodIsA405Problem() {
		Api.as(Api.signUp("p")).delete("/usage").then().statusCode(405).contentType("application/problem+json");
	}

	@Test
	void metricsAreNotExposedOnThePublicPort() {
		given().get("/actuator/metrics").then().statusCode(404);
		given().get("/actuator/prometheus").then().statusCode(404);
	}

	@Test
	void healthAndApiDocsNeedNoKey() {
		given().get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
		given().get("/v3/api-docs").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/predict"));
	}

	@Test
	void theApiDocsDescribePredictsBodyAsSentNotAsParsed() {
		// /predict's body is read by a converter of its own into a flat array; the docs must still show the JSON
		given().get("/v3/api-docs")
			.then()
			.body("components.schemas.PredictRequest.properties.instances.items.items.type", equalTo("number"))
			.body("components.schemas.PredictRequest.required", org.hamcrest.Matchers.hasItems("modelId", "instances"))
			.body("paths.'/predict'.post.requestBody.content.keySet()",
					org.hamcrest.Matchers.containsInAnyOrder("application/json", "application/x-npy"))
			.body("paths.'/predict'.post.parameters.find { it.name == 'modelId' }.in", equalTo("query"))
			// a JSON body carries its model itself
			.body("paths.'/predict'.post.parameters.find { it.name == 'modelId' }.required",
					org.hamcrest.Matchers.not(equalTo(true)));
	}

	@Test
	void theApiDocsNameTheServiceTagEveryOperationByFeatureAndSendTheKeyAsABearerToken() {
		io.restassured.path.json.JsonPath docs = given().get("/v3/api-docs").then().extract().jsonPath();
		assertThat(docs.getString("info.title")).isEqualTo("MLaaS simulator API");
		assertThat(docs.getString("info.description")).contains("POST /predict");
		assertThat(docs.getString("components.securitySchemes.apiKey.scheme")).isEqualTo("bearer");
		// every problem response refers to this schema: it must be there (Swagger UI shows resolver errors if not)
		assertThat(docs.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
				"detail");
		java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = docs.getMap("paths");
		java.util.List<String> features = java.util.List.of("Accounts and keys", "Datasets", "Training", "Models",
				"Prediction", "Metering", "Operator");
		int operations = 0;
		for (var path : paths.entrySet()) {
			for (var operation : path.getValue().entrySet()) {
				String name = operation.getKey() + " " + path.getKey();
				var op = operation.getValue();
				operations++;
				assertThat((String) op.get("summary")).as(name).isNotBlank();
				assertThat((java.util.List<?>) op.get("tags")).as(name).singleElement().isIn(features);
				java.util.Map<?, ?> responses = (java.util.Map<?, ?>) op.get("responses");
				assertThat(responses.get("400")).as(name).asString().contains("application/problem+json");
				boolean open = name.equals("post /accounts") || name.equals("get /pricing");
				if (open) {
					assertThat((java.util.List<?>) op.get("security")).as(name).isEmpty();
				}
				else if (path.getKey().startsWith("/admin")) {
					assertThat(op.get("security")).as(name).asString().contains("adminToken");
					assertThat(responses.get("401")).as(name).asString().contains("application/problem+json");
				}
				else {
					assertThat(op.get("security")).as(name).isNull();
					assertThat(responses.get("401")).as(name).asString().contains("application/problem+json");
					assertThat(responses.get("429")).as(name).asString().contains("application/problem+json");
				}
				if (name.equals("post /predict") || name.equals("post /train") || name.equals("post /datasets")) {
					assertThat(responses.get("402")).as(name).asString().contains("application/problem+json");
				}
			}
		}
		assertThat(operations).isEqualTo(20);
		// and the whole API asks for the key unless an operation says otherwise
		assertThat(docs.getList("security.apiKey")).hasSize(1);
	}

	@Test
	void theApiDocsShowNoCallerParameterSinceTheCallerComesFromTheApiKey() {
		given().get("/v3/api-docs")
			.then()
			.body("paths.collectMany { path, ops -> ops.collectMany { m, op -> op.parameters ?: [] } }.name",
					org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("caller")))
			.body("components.schemas", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("Caller")));
	}

}
