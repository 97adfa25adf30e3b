package dev.mlaas.server.metering;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@ApiTest
class UsageApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void usageTotalsEachBillableActionAtItsConfiguredPrice() {
		String key = Api.signUp("meter");
		long modelId = Api.trainedModel(key, 3);
		Api.as(key)
			.contentType("application/json")
			.body(Map.of("modelId", modelId, "instances", new float[5][3]))
			.post("/predict")
			.then()
			.statusCode(200)
			.body("credits", equalTo(0.005));
		// 1 upload at 0.1 + 1 job at 1.0 + 5 queries at 0.001
		Api.as(key)
			.get("/usage")
			.then()
			.statusCode(200)
			.body("scope", equalTo("key"))
			.body("totals.uploads", equalTo(1))
			.body("totals.trainingJobs", equalTo(1))
			.body("totals.queries", equalTo(5))
			.body("totals.credits", equalTo(1.105))
			.body("totalRows", equalTo(7));
	}

	@Test
	void usageIsPerKeyByDefaultAndPerAccountOnRequest() {
		String first = Api.signUp("two-keys");
		String second = Api.as(first).post("/keys").then().extract().path("apiKey");
		Api.uploadCsv(first, Api.csv(5, 2, 2, 1));
		Api.uploadCsv(second, Api.csv(5, 2, 2, 1));
		Api.uploadCsv(second, Api.csv(5, 2, 2, 1));
		Api.as(second).get("/usage").then().body("totals.uploads", equalTo(2));
		Api.as(first).get("/usage").then().body("totals.uploads", equalTo(1));
		Api.as(first).get("/usage?scope=account").then().body("totals.uploads", equalTo(3));
	}

	@Test
	void ledgerRowsArePagedNewestFirst() {
		String key = Api.signUp("pager");
		for (int i = 0; i < 3; i++) {
			Api.uploadCsv(key, Api.csv(5, 2, 2, i));
		}
		Api.as(key)
			.get("/usage?size=2&page=0")
			.then()
			.body("rows.size()", equalTo(2))
			.body("totalRows", equalTo(3));
		Api.as(key).get("/usage?size=2&page=1").then().body("rows.size()", equalTo(1));
	}

	@Test
	void pagesWalkEveryBilledUnitNewestFirstAcrossRequests() {
		String key = Api.signUp("units");
		long modelId = Api.trainedModel(key, 3);
		for (int instances : new int[] { 5, 7, 2 }) {
			Api.as(key)
				.contentType("application/json")
				.body(Map.of("modelId", modelId, "instances", new float[instances][3]))
				.post("/predict")
				.then()
				.statusCode(200);
		}
		List<Long> expected = this.jdbc.queryForList(
				"select e.id from ledger_entry e join api_key k on k.id = e.api_key_id where k.prefix = ? "
						+ "order by e.id desc",
				Long.class, key.split("_")[1]);
		assertThat(expected).hasSize(1 + 1 + 5 + 7 + 2);

		List<Long> paged = new java.util.ArrayList<>();
		for (int page = 0; page < 5; page++) {
			List<Number> ids = Api.as(key).get("/usage?size=4&page=" + page).then().statusCode(200).extract()
				.path("rows.id");
			ids.forEach(id -> paged.add(id.longValue()));
		}
		assertThat(paged).isEqualTo(expected);
		// page 2 holds the last unit of the 7-instance request and the first three of the 5-instance one
		Api.as(key).get("/usage?size=4&page=2").then().body("rows.action.unique()", equalTo(List.of("PREDICTION")))
			.body("rows.requestId.unique().size()", equalTo(2));
	}

	@Test
	void noAccountSeesAnotherAccountsUsage() {
		String busy = Api.signUp("busy");
		Api.uploadCsv(busy, Api.csv(5, 2, 2, 1));
		String idle = Api.signUp("idle");
		Api.as(idle).get("/usage?scope=account").then().body("totals.uploads", equalTo(0)).body("rows.size()",
				equalTo(0));
	}

	@Test
	void badUsageParametersAreRejected() {
		String key = Api.signUp("bad");
		Api.as(key).get("/usage?scope=everyone").then().statusCode(400).contentType("application/problem+json");
		Api.as(key).get("/usage?size=0").then().statusCode(400).contentType("application/problem+json");
		Api.as(key).get("/usage?page=x").then().statusCode(400).contentType("application/problem+json");
	}

	@Test
	void thePricesArePublicAndAreWhatTheLedgerCharges() {
		io.restassured.RestAssured.given()
			.get("/pricing")
			.then()
			.statusCode(200)
			.body("query", org.hamcrest.Matchers.equalTo(0.001))
			.body("trainingJob", org.hamcrest.Matchers.equalTo(1.0))
			.body("upload", org.hamcrest.Matchers.equalTo(0.1))
			.body("unit", org.hamcrest.Matchers.equalTo("credits"));
	}

}
