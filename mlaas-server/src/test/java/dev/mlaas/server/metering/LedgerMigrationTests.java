package dev.mlaas.server.metering;

import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A ledger written under the one-row-per-unit schema (V1) survives the move to requests and lines (V3). */
class LedgerMigrationTests {

	@Test
	void everyOldRowReappearsInTheLedgerViewWithItsKeyActionPriceAndTime() {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:mem:ledger-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(database).target("2").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(database);
		jdbc.update("insert into account (id, name, created_at) values (1, 'a', now()), (2, 'b', now())");
		jdbc.update("insert into api_key (id, account_id, prefix, secret_hash, created_at) values "
				+ "(1, 1, 'p1', X'00', now()), (2, 2, 'p2', X'00', now())");
		String insert = "insert into ledger_entry (account_id, api_key_id, action, resource_id, request_id, credits, "
				+ "created_at) values (?, ?, ?, ?, ?, ?, ?)";
		jdbc.update(insert, 1, 1, "UPLOAD", 10, "r-upload", 0.1, at(1));
		for (int i = 0; i < 3; i++) {
			jdbc.update(insert, 2, 2, "PREDICTION", 20, "r-predict", 0.001, at(2));
		}
		jdbc.update(insert, 1, 1, "TRAINING_JOB", 30, "r-job", 1.0, at(3));
		String snapshot = "select account_id, api_key_id, action, resource_id, request_id, credits, created_at "
				+ "from ledger_entry order by request_id, id";
		List<Map<String, Object>> before = jdbc.queryForList(snapshot);

		Flyway.configure().dataSource(database).load().migrate();

		assertThat(jdbc.queryForList(snapshot)).isEqualTo(before);
		assertThat(jdbc.queryForList("select request_id, units from ledger_request order by id"))
			.extracting(row -> row.get("request_id") + "x" + row.get("units"))
			.containsExactly("r-uploadx1", "r-predictx3", "r-jobx1");
	}

	private static java.sql.Timestamp at(int second) {
		return java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second));
	}

}
