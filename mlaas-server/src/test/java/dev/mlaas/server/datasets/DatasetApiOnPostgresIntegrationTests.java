package dev.mlaas.server.datasets;

import dev.mlaas.server.PostgresApiTest;

/** {@link DatasetApiIntegrationTests} on PostgreSQL: uploads and the dataset store. */
@PostgresApiTest
class DatasetApiOnPostgresIntegrationTests extends DatasetApiIntegrationTests {

}
