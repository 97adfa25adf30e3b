package dev.mlaas.server.training;

import dev.mlaas.server.PostgresApiTest;

/** {@link TrainingLimitsIntegrationTests} on PostgreSQL: the size limit, the per-account bound, fairness, cancel. */
@PostgresApiTest
class TrainingLimitsOnPostgresIntegrationTests extends TrainingLimitsIntegrationTests {

}
