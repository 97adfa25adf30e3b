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
 * own state, so a committed action always has its row and a rolled-back one has none. A charge is one
 * {@code ledger_request} row (key, action, resource, units, unit price, time); its units are the ledger's lines,
 * numbered from the request's id (line i of request r is {@code r * MAX_UNITS + i}), as the {@code ledger_entry}
 * view and {@code GET /usage} show them.
 */
@Component
public class Ledger {

	/** Units per request at most: a line's id is its request's id times this, plus the unit's index. */
	public static final int MAX_UNITS = 1 << 20;

	private static final String INSERT_REQUEST = "insert into ledger_request (account_id, api_key_id, action, "
			+ "resource_id, request_id, units, unit_credits, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)";

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
		if (units < 1 || units > MAX_UNITS) {
			throw new IllegalArgumentException("A charge has 1 to " + MAX_UNITS + " units, not " + units);
		}
		String requestId = UUID.randomUUID().toString();
		BigDecimal price = this.pricing.priceOf(action);
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update(INSERT_REQUEST, caller.accountId(), caller.apiKeyId(), action.name(), resourceId, requestId,
				units, price, now);
		return new Charge(requestId, units, price.multiply(BigDecimal.valueOf(units)), now.toInstant());
	}

	/** What one charge cost. */
	public record Charge(String requestId, int units, BigDecimal credits, Instant at) {
	}

}
