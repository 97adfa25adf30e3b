package dev.mlaas.server.training;

import dev.mlaas.server.PostgresApiTest;

/** {@link TrainingApiIntegrationTests} on PostgreSQL: training jobs, models and their recipes. */
@PostgresApiTest
class TrainingApiOnPostgresIntegrationTests extends TrainingApiIntegrationTests {

}
