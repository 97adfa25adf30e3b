package dev.mlaas.server.prediction;

import dev.mlaas.server.PostgresApiTest;

/** {@link OutputPolicyApiIntegrationTests} on PostgreSQL: output policies. */
@PostgresApiTest
class OutputPolicyApiOnPostgresIntegrationTests extends OutputPolicyApiIntegrationTests {

}
