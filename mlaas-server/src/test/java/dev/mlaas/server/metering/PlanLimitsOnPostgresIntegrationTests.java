package dev.mlaas.server.metering;

import dev.mlaas.server.PostgresApiTest;

/** {@link PlanLimitsIntegrationTests} on PostgreSQL: rate limits, daily quotas, credits and plan assignment. */
@PostgresApiTest
class PlanLimitsOnPostgresIntegrationTests extends PlanLimitsIntegrationTests {

	/** On PostgreSQL the buckets are rows; one whose expiry has passed (full for a minute) is deleted. */
	@org.junit.jupiter.api.Test
	void expiredRateLimitBucketsAreDeletedAndLiveOnesKept() {
		String key = dev.mlaas.server.Api.signUp("bucketed");
		dev.mlaas.server.Api.as(key).get("/usage").then().statusCode(200);
		long live = this.jdbc.queryForObject("select max(id) from bucket", Long.class);
		this.jdbc.update("insert into bucket (id, state, expires_at) values (-7, null, 1)");
		org.assertj.core.api.Assertions.assertThat(this.housekeeping.run().buckets()).isGreaterThanOrEqualTo(1);
		org.assertj.core.api.Assertions.assertThat(this.jdbc.queryForObject(
				"select count(*) from bucket where id in (-7, ?)", Integer.class, live)).isEqualTo(1);
	}

}
