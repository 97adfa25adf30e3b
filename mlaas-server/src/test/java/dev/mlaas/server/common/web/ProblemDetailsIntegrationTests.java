package dev.mlaas.server.common.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static io.restassured.RestAssured.given;
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
	void theApiDocsShowNoCallerParameterSinceTheCallerComesFromTheApiKey() {
		given().get("/v3/api-docs")
			.then()
			.body("paths.collectMany { path, ops -> ops.collectMany { m, op -> op.parameters ?: [] } }.name",
					org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("caller")))
			.body("components.schemas", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("Caller")));
	}

}
