package dev.mlaas.server.metering;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.accounts.Caller;

/**
 * The append-only record of every billable action. Callers charge inside the transaction that stores the action's
 * own state, so a committed action always has its rows and a rolled-back one has none. A charge is one
 * {@code ledger_request} row (key, action, resource, units, unit price) and one {@code ledger_line} per unit: a
 * prediction request of 1,000 instances writes 1,000 lines, in one statement.
 */
@Component
public class Ledger {

	/** Lines per request at most: a line's id is its request's id times this, plus the unit's index. */
	public static final int MAX_UNITS = 1 << 20;

	private static final String INSERT_REQUEST = "insert into ledger_request (account_id, api_key_id, action, "
			+ "resource_id, request_id, units, unit_credits, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final PricingProperties pricing;

	private final Clock clock;

	private final String insertLines;

	Ledger(JdbcTemplate jdbc, PricingProperties pricing, Clock clock) {
		this.jdbc = jdbc;
		this.pricing = pricing;
		this.clock = clock;
		this.insertLines = insertLines(jdbc);
	}

	/** Charges {@code units} units of an action; must run inside the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public Charge charge(Caller caller, BillableAction action, long resourceId, int units) {
		if (units < 1 || units > MAX_UNITS) {
			throw new IllegalArgumentException("A charge has 1 to " + MAX_UNITS + " units, not " + units);
		}
		String requestId = UUID.randomUUID().toString();
		BigDecimal price = this.pricing.priceOf(action);
		Timestamp now = Timestamp.from(this.clock.instant());
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement insert = connection.prepareStatement(INSERT_REQUEST, new String[] { "id" });
			insert.setLong(1, caller.accountId());
			insert.setLong(2, caller.apiKeyId());
			insert.setString(3, action.name());
			insert.setLong(4, resourceId);
			insert.setString(5, requestId);
			insert.setInt(6, units);
			insert.setBigDecimal(7, price);
			insert.setTimestamp(8, now);
			return insert;
		}, key);
		long request = key.getKeyAs(Long.class);
		int lines = this.jdbc.update(this.insertLines, request * MAX_UNITS, request, units);
		if (lines != units) {
			throw new IllegalStateException("Ledger wrote " + lines + " lines for " + units + " units");
		}
		return new Charge(requestId, units, price.multiply(BigDecimal.valueOf(units)), now.toInstant());
	}

	/** All lines of a request in one statement, from the database's own row generator. */
	private static String insertLines(JdbcTemplate jdbc) {
		String database = jdbc.execute((ConnectionCallback<String>) Ledger::productName);
		String insert = "insert into ledger_line (id, request) ";
		return switch (database) {
			case "H2" -> insert + "select ? + r.\"X\", ? from system_range(0, ? - 1) r";
			case "PostgreSQL" -> insert + "select ? + g, ? from generate_series(0, ? - 1) g";
			default -> throw new IllegalStateException("No ledger line generator for " + database);
		};
	}

	private static String productName(Connection connection) throws java.sql.SQLException {
		return connection.getMetaData().getDatabaseProductName();
	}

	/** What one charge cost. */
	public record Charge(String requestId, int units, BigDecimal credits, Instant at) {
	}

}
