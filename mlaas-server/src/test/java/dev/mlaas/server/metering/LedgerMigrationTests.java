package dev.mlaas.server.metering;

import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ledger written under the one-row-per-unit schema (V1) survives the move to requests and lines (V3), and one
 * written under V3 the move to lines derived from their requests (V4), unless its stored lines are not the derived
 * ones, when the migration stops and drops nothing.
 */
class LedgerMigrationTests {

	@Test
	void everyOldRowReappearsInTheLedgerViewWithItsKeyActionPriceAndTime() {
		JdbcTemplate jdbc = migratedTo("ledger-migration", "2");
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

		Flyway.configure().dataSource(jdbc.getDataSource()).load().migrate();

		assertThat(jdbc.queryForList(snapshot)).isEqualTo(before);
		assertThat(jdbc.queryForList("select request_id, units from ledger_request order by id"))
			.extracting(row -> row.get("request_id") + "x" + row.get("units"))
			.containsExactly("r-uploadx1", "r-predictx3", "r-jobx1");
	}

	@Test
	void storedLinesBecomeDerivedLinesWithTheSameIds() {
		JdbcTemplate jdbc = ledgerAtV3("derived-lines");
		jdbc.update("insert into ledger_line (id, request) values (?, 1), (?, 2), (?, 2), (?, 2)", 1048576,
				2 * 1048576, 2 * 1048576 + 1, 2 * 1048576 + 2);
		String snapshot = "select id, account_id, api_key_id, action, resource_id, request_id, credits, created_at "
				+ "from ledger_entry order by id";
		List<Map<String, Object>> before = jdbc.queryForList(snapshot);
		assertThat(before).hasSize(4);

		Flyway.configure().dataSource(jdbc.getDataSource()).load().migrate();

		assertThat(jdbc.queryForList(snapshot)).isEqualTo(before);
		assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = "
				+ "'ledger_line'", Integer.class)).isZero();
	}

	@Test
	void aLedgerWhoseLinesDoNotMatchTheirRequestsIsNotMigrated() {
		JdbcTemplate jdbc = ledgerAtV3("mismatched-lines");
		// request 2 was charged 3 units but has only two lines
		jdbc.update("insert into ledger_line (id, request) values (?, 1), (?, 2), (?, 2)", 1048576, 2 * 1048576,
				2 * 1048576 + 1);

		assertThatThrownBy(() -> Flyway.configure().dataSource(jdbc.getDataSource()).load().migrate())
			.isInstanceOf(org.flywaydb.core.api.FlywayException.class);
		assertThat(jdbc.queryForObject("select count(*) from ledger_line", Integer.class)).isEqualTo(3);
	}

	/** A database at V3 with one upload (request 1) and one prediction of three units (request 2), and no lines. */
	private static JdbcTemplate ledgerAtV3(String name) {
		JdbcTemplate jdbc = migratedTo(name, "3");
		jdbc.update("insert into account (id, name, created_at) values (1, 'a', now())");
		jdbc.update("insert into api_key (id, account_id, prefix, secret_hash, created_at) values (1, 1, 'p', X'00', "
				+ "now())");
		String insert = "insert into ledger_request (id, account_id, api_key_id, action, resource_id, request_id, "
				+ "units, unit_credits, created_at) values (?, 1, 1, ?, ?, ?, ?, ?, ?)";
		jdbc.update(insert, 1, "UPLOAD", 10, "r-upload", 1, 0.1, at(1));
		jdbc.update(insert, 2, "PREDICTION", 20, "r-predict", 3, 0.001, at(2));
		return jdbc;
	}

	/** A fresh in-memory H2 database, migrated up to the given version. */
	private static JdbcTemplate migratedTo(String name, String version) {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(database).target(version).load().migrate();
		return new JdbcTemplate(database);
	}

	private static java.sql.Timestamp at(int second) {
		return java.sql.Timestamp.from(java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second));
	}

}
