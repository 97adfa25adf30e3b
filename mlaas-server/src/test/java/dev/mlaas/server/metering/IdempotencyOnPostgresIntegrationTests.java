package dev.mlaas.server.metering;

import dev.mlaas.server.PostgresApiTest;

/** {@link IdempotencyIntegrationTests} on PostgreSQL. */
@PostgresApiTest
class IdempotencyOnPostgresIntegrationTests extends IdempotencyIntegrationTests {

}
