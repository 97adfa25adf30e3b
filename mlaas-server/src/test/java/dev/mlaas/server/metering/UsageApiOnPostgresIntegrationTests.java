package dev.mlaas.server.metering;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.PostgresApiTest;
import dev.mlaas.server.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link UsageApiIntegrationTests} on PostgreSQL: the ledger's totals and pages. */
@PostgresApiTest
class UsageApiOnPostgresIntegrationTests extends UsageApiIntegrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theseTestsRunOnARealPostgreSqlServerMigratedByFlyway() {
		assertThat(this.jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL 17");
		assertThat(this.jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
			.isGreaterThanOrEqualTo(5);
		assertThat(PostgresDatabase.path()).isIn("testcontainers", "zonky");
	}

}
