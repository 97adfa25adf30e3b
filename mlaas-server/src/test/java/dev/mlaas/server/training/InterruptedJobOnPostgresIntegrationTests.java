package dev.mlaas.server.training;

import dev.mlaas.server.PostgresApiTest;

/** {@link InterruptedJobIntegrationTests} on PostgreSQL: a job its dead server left running is run again, or failed. */
@PostgresApiTest
class InterruptedJobOnPostgresIntegrationTests extends InterruptedJobIntegrationTests {

}
