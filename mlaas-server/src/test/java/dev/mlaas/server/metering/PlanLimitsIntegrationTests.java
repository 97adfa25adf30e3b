package dev.mlaas.server.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import dev.mlaas.server.Api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Plans: each key's rate limit and daily quotas and each account's credit balance, each refused with its own problem
 * (429 with Retry-After naming the limit and when it resets, or 402), never charged, and shown by {@code GET /usage};
 * the operator moves an account between plans through {@code /admin}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// tests leave metrics export off unless asked: this one reads the Prometheus scrape
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = { "mlaas.admin.token=" + PlanLimitsIntegrationTests.OPERATOR,
		"mlaas.plans.catalog.tight.requests-per-second=1", "mlaas.plans.catalog.tight.burst=3",
		"mlaas.plans.catalog.quota.predictions-per-day=10", "mlaas.plans.catalog.quota.training-jobs-per-day=2",
		"mlaas.plans.catalog.quota.uploads-per-day=2", "mlaas.plans.catalog.prepaid.credits=2.005",
		"mlaas.plans.catalog.prepaid.predictions-per-day=2000" })
class PlanLimitsIntegrationTests {

	static final String OPERATOR = "test-operator-token";

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@org.springframework.beans.factory.annotation.Autowired
	MeteringHousekeeping housekeeping;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void aKeyOverItsRateLimitGets429WithRetryAfterAndRateLimitHeadersThenIsServedAgain() {
		Account account = signUp("hasty");
		assign(account, "tight", null);
		// the bucket holds 3 requests; the 4th within a second finds it empty
		for (int i = 3; i >= 1; i--) {
			Api.as(account.key()).get("/usage").then().statusCode(200).header("RateLimit-Limit", "3")
				.header("RateLimit-Remaining", Integer.toString(i - 1));
		}
		ExtractableResponse<Response> refused = Api.as(account.key()).get("/models").then()
			.statusCode(429)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/rate-limited"))
			.body("limit", equalTo("requestsPerSecond"))
			.body("plan", equalTo("tight"))
			.body("requestsPerSecond", equalTo(1))
			.body("resetsAt", notNullValue())
			.extract();
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		assertThat(retryAfter).isBetween(1L, 2L);
		Api.sleep(retryAfter * 1000);
		Api.as(account.key()).get("/models").then().statusCode(200);
	}

	@Test
	void predictionsOverTheDailyQuotaAreRefusedWholeAndNotChargedUntilMidnightUtc() {
		Account account = signUp("quota-bound");
		long model = Api.trainedModel(account.key(), 4);
		assign(account, "quota", null);
		predict(account, model, 6).then().statusCode(200);
		predict(account, model, 6).then()
			.statusCode(429)
			.body("type", equalTo("https://mlaas.dev/problems/quota-exceeded"))
			.body("limit", equalTo("predictionsPerDay"))
			.body("predictionsPerDay", equalTo(10))
			.body("remaining", equalTo(4))
			.body("requested", equalTo(6))
			.body("resetsAt", equalTo(nextMidnightUtc().toString()));
		long retryAfter = Long.parseLong(predict(account, model, 6).header("Retry-After"));
		assertThat(Instant.now().plusSeconds(retryAfter)).isCloseTo(nextMidnightUtc(),
				org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
		predict(account, model, 4).then().statusCode(200);
		Api.as(account.key()).get("/usage").then()
			.body("totals.queries", equalTo(10))
			.body("limits.plan.name", equalTo("quota"))
			.body("limits.plan.predictionsPerDay", equalTo(10))
			.body("limits.plan.predictionsLeftToday", equalTo(0))
			.body("limits.plan.quotasResetAt", equalTo(nextMidnightUtc().toString()));
	}

	@Test
	void trainingJobsAndUploadsOverTheirDailyQuotasAreRefusedAndNotBilled() {
		Account account = signUp("job-bound");
		assign(account, "quota", null);
		long dataset = Api.uploadCsv(account.key(), Api.csv(60, 4, 3, 3));
		Api.uploadCsv(account.key(), Api.csv(60, 4, 3, 4));
		Api.as(account.key()).multiPart("file", "data.csv", Api.csv(60, 4, 3, 5).getBytes(), "text/csv")
			.post("/datasets").then().statusCode(429).body("limit", equalTo("uploadsPerDay"));
		for (int i = 0; i < 2; i++) {
			train(account, dataset).then().statusCode(202);
		}
		train(account, dataset).then().statusCode(429)
			.body("type", equalTo("https://mlaas.dev/problems/quota-exceeded"))
			.body("limit", equalTo("trainingJobsPerDay"));
		Api.as(account.key()).get("/usage").then()
			.body("totals.trainingJobs", equalTo(2))
			.body("totals.uploads", equalTo(2))
			.body("limits.plan.trainingJobsLeftToday", equalTo(0));
		Api.as(account.key()).get("/jobs").then().body("size()", equalTo(2));
	}

	@Test
	void anExhaustedCreditBalanceGets402AndTheRefusedRequestSpendsNeitherCreditsNorQuota() {
		Account account = signUp("prepaid");
		long model = Api.trainedModel(account.key(), 4);
		// 905 predictions at 0.001 credits
		assign(account, "prepaid", new java.math.BigDecimal("0.905"));
		predict(account, model, 905).then().statusCode(200);
		predict(account, model, 1).then()
			.statusCode(402)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/credits-exhausted"))
			.body("cost", equalTo(0.001));
		Api.as(account.key()).get("/usage").then()
			.body("totals.queries", equalTo(905))
			.body("limits.plan.creditBalance", equalTo(0.0))
			// the refused prediction was taken from the daily quota and given back when its charge rolled back
			.body("limits.plan.predictionsLeftToday", equalTo(2000 - 905));
	}

	@Test
	void theOperatorAloneAssignsPlansAndAnUnknownPlanIsRefused() {
		Account account = signUp("managed");
		given().contentType("application/json").body(Map.of("plan", "tight"))
			.put("/admin/accounts/" + account.id() + "/plan").then().statusCode(401)
			.contentType("application/problem+json");
		Api.as(account.key()).contentType("application/json").body(Map.of("plan", "tight"))
			.put("/admin/accounts/" + account.id() + "/plan").then().statusCode(401);
		operator().contentType("application/json").body(Map.of("plan", "gold"))
			.put("/admin/accounts/" + account.id() + "/plan").then().statusCode(400)
			.body("type", equalTo("https://mlaas.dev/problems/unknown-plan"));
		operator().contentType("application/json").body(Map.of("plan", "standard"))
			.put("/admin/accounts/999999999/plan").then().statusCode(404);
		operator().get("/admin/accounts/" + account.id() + "/plan").then().statusCode(200)
			.body("plan", equalTo("standard"))
			.body("creditBalance", nullValue());
		assign(account, "prepaid", null);
		operator().get("/admin/accounts/" + account.id() + "/plan").then()
			.body("plan", equalTo("prepaid"))
			.body("creditBalance", equalTo(2.005));
		Api.as(account.key()).get("/usage").then().body("limits.plan.name", equalTo("prepaid"));
	}

	@Test
	void thePrometheusScrapeShowsChargesJobsAndRefusalsToTheOperatorAlone() {
		Account account = signUp("scraped");
		long model = Api.trainedModel(account.key(), 4);
		predict(account, model, 7).then().statusCode(200);
		assign(account, "tight", null);
		for (int i = 0; i < 5; i++) {
			Api.as(account.key()).get("/models");
		}
		given().get("/actuator/prometheus").then().statusCode(401);
		Api.as(account.key()).get("/actuator/prometheus").then().statusCode(401);
		String scrape = operator().get("/actuator/prometheus").then().statusCode(200).extract().asString();
		assertThat(scrape).containsPattern("mlaas_charged_units_total\\{action=\"prediction\".*\\} [1-9]")
			.contains("mlaas_charged_credits_total{action=\"training_job\"")
			.containsPattern("mlaas_training_jobs\\{.*status=\"SUCCEEDED\".*\\} [1-9]")
			.contains("mlaas_training_queue_length")
			.containsPattern("mlaas_refusals_total\\{.*type=\"rate-limited\".*\\} [1-9]")
			.contains("http_server_requests_seconds_bucket{");
	}

	@Test
	void quotaCountersOfDaysBeforeYesterdayAreDeletedAndTodaysKept() {
		Account account = signUp("counted-days");
		long model = Api.trainedModel(account.key(), 4);
		assign(account, "quota", null);
		predict(account, model, 3).then().statusCode(200);
		long key = ((Number) Api.as(account.key()).get("/usage").then().extract().path("apiKeyId")).longValue();
		this.jdbc.update("insert into daily_quota_use (api_key_id, action, usage_day, units) values (?, 'UPLOAD', ?, 1)",
				key, java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC).minusDays(3)));
		assertThat(this.housekeeping.run().counters()).isGreaterThanOrEqualTo(1);
		java.sql.Date today = java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC));
		assertThat(this.jdbc.queryForObject("select count(*) from daily_quota_use where api_key_id = ? and "
				+ "usage_day < ?", Integer.class, key, today)).isZero();
		assertThat(this.jdbc.queryForObject("select units from daily_quota_use where api_key_id = ? and "
				+ "action = 'PREDICTION' and usage_day = ?", Long.class, key, today)).isEqualTo(3);
		Api.as(account.key()).get("/usage").then().body("limits.plan.predictionsLeftToday", equalTo(7));
	}

	private static Response predict(Account account, long model, int instances) {
		List<List<Double>> rows = java.util.Collections.nCopies(instances, List.of(0.0, 1.0, 2.0, 3.0));
		return Api.as(account.key()).contentType("application/json")
			.body(Map.of("modelId", model, "instances", rows))
			.post("/predict");
	}

	private static Response train(Account account, long dataset) {
		return Api.as(account.key()).contentType("application/json")
			.body(Map.of("datasetId", dataset, "architecture", "mlp", "epochs", 1, "hiddenUnits", List.of(4)))
			.post("/train");
	}

	private static Instant nextMidnightUtc() {
		return LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private static io.restassured.specification.RequestSpecification operator() {
		return given().header("Authorization", "Bearer " + OPERATOR);
	}

	private static void assign(Account account, String plan, java.math.BigDecimal creditBalance) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("plan", plan));
		if (creditBalance != null) {
			body.put("creditBalance", creditBalance);
		}
		operator().contentType("application/json").body(body).put("/admin/accounts/" + account.id() + "/plan")
			.then()
			.statusCode(200)
			.body("plan", equalTo(plan));
	}

	private static Account signUp(String name) {
		ExtractableResponse<Response> created = given().contentType("application/json")
			.body(Map.of("name", name))
			.post("/accounts")
			.then()
			.statusCode(201)
			.extract();
		return new Account(((Number) created.path("accountId")).longValue(), created.path("apiKey"));
	}

	private record Account(long id, String key) {
	}

}
