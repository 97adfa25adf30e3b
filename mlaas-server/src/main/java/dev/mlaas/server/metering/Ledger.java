package dev.mlaas.server.metering;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.accounts.Caller;

/**
 * The append-only record of every billable action. Callers charge inside the transaction that stores the action's
 * own state, so a committed action always has its rows and a rolled-back one has none. One row is one unit: a
 * prediction request of 1,000 instances writes 1,000 rows, in multi-row inserts.
 */
@Component
public class Ledger {

	private static final String INSERT = "insert into ledger_entry (account_id, api_key_id, action, resource_id, "
			+ "request_id, credits, created_at) values ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?)";

	/** Rows per statement: multi-row inserts cut per-statement work ~10x against a JDBC batch of single rows. */
	private static final int ROWS_PER_STATEMENT = 100;

	private static final String FULL_STATEMENT = statement(ROWS_PER_STATEMENT);

	private final JdbcTemplate jdbc;

	private final PricingProperties pricing;

	private final Clock clock;

	Ledger(JdbcTemplate jdbc, PricingProperties pricing, Clock clock) {
		this.jdbc = jdbc;
		this.pricing = pricing;
		this.clock = clock;
	}

	/** Charges {@code units} units of an action; must run inside the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public Charge charge(Caller caller, BillableAction action, long resourceId, int units) {
		String requestId = UUID.randomUUID().toString();
		BigDecimal price = this.pricing.priceOf(action);
		Timestamp now = Timestamp.from(this.clock.instant());
		Object[] row = { caller.accountId(), caller.apiKeyId(), action.name(), resourceId, requestId, price, now };
		for (int written = 0; written < units; written += ROWS_PER_STATEMENT) {
			int rows = Math.min(ROWS_PER_STATEMENT, units - written);
			Object[] arguments = new Object[rows * row.length];
			for (int i = 0; i < rows; i++) {
				System.arraycopy(row, 0, arguments, i * row.length, row.length);
			}
			this.jdbc.update((rows == ROWS_PER_STATEMENT) ? FULL_STATEMENT : statement(rows), arguments);
		}
		return new Charge(requestId, units, price.multiply(BigDecimal.valueOf(units)), now.toInstant());
	}

	private static String statement(int rows) {
		return INSERT + String.join(", ", java.util.Collections.nCopies(rows, ROW));
	}

	/** What one charge cost. */
	public record Charge(String requestId, int units, BigDecimal credits, Instant at) {
	}

}
