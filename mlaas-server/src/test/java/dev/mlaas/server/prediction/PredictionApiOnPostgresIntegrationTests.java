package dev.mlaas.server.prediction;

import dev.mlaas.server.PostgresApiTest;

/** {@link PredictionApiIntegrationTests} on PostgreSQL: predictions and their charges. */
@PostgresApiTest
class PredictionApiOnPostgresIntegrationTests extends PredictionApiIntegrationTests {

}
