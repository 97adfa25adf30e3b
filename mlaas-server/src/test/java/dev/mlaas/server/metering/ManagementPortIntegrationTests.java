package dev.mlaas.server.metering;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * With a management port of its own ({@code management.server.port}, as the Kubernetes manifests set), health and
 * the Prometheus scrape are served there, for the cluster's probes and Prometheus, and not on the public port. The
 * scrape needs no token there: the port is reached only from inside the cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = { "management.server.port=0", "mlaas.admin.token=management-test-token" })
class ManagementPortIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void healthAndTheScrapeAreOnTheManagementPortOnly() {
		given().port(this.managementPort).get("/actuator/health/readiness").then().statusCode(200);
		given().port(this.managementPort).get("/actuator/prometheus").then().statusCode(200)
			.body(containsString("mlaas_training_queue_length"));
		// not on the public port, with the operator's token or without
		given().port(this.port).get("/actuator/prometheus").then().statusCode(org.hamcrest.Matchers.isOneOf(401, 404));
		given().port(this.port).header("Authorization", "Bearer management-test-token").get("/actuator/prometheus")
			.then().statusCode(404);
		given().port(this.port).get("/actuator/health").then().statusCode(404);
	}

}
