package dev.mlaas.server.metering;

import dev.mlaas.server.PostgresApiTest;

/** {@link PlanLimitsIntegrationTests} on PostgreSQL: rate limits, daily quotas, credits and plan assignment. */
@PostgresApiTest
class PlanLimitsOnPostgresIntegrationTests extends PlanLimitsIntegrationTests {

}
