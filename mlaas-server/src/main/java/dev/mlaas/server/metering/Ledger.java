package dev.mlaas.server.metering;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.ApiException;

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
			+ "resource_id, request_id, units, unit_credits, created_at, idempotency_key) "
			+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final PricingProperties pricing;

	private final Quotas quotas;

	private final LedgerMetrics metrics;

	private final AccountPlans plans;

	private final Clock clock;

	Ledger(JdbcTemplate jdbc, PricingProperties pricing, Quotas quotas, LedgerMetrics metrics, AccountPlans plans,
			Clock clock) {
		this.jdbc = jdbc;
		this.pricing = pricing;
		this.quotas = quotas;
		this.metrics = metrics;
		this.plans = plans;
		this.clock = clock;
	}

	/**
	 * Charges {@code units} units of an action; must run inside the caller's transaction. Takes the units from the
	 * key's daily quota (429 when they do not fit) and their cost from the
	 * account's credit balance, if it has one (402 when it does not cover them).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Charge charge(Caller caller, BillableAction action, long resourceId, int units) {
		if (units < 1 || units > MAX_UNITS) {
			throw new IllegalArgumentException("A charge has 1 to " + MAX_UNITS + " units, not " + units);
		}
		this.quotas.take(caller, action, units);
		BigDecimal price = this.pricing.priceOf(action);
		BigDecimal cost = price.multiply(BigDecimal.valueOf(units));
		spendCredits(caller, cost);
		String requestId = UUID.randomUUID().toString();
		Timestamp now = Timestamp.from(this.clock.instant());
		String idempotencyKey = IdempotencyFilter.current().orElse(null);
		try {
			this.jdbc.update(INSERT_REQUEST, caller.accountId(), caller.apiKeyId(), action.name(), resourceId,
					requestId, units, price, now, idempotencyKey);
		}
		catch (DuplicateKeyException ex) {
			throw new ApiException(HttpStatus.CONFLICT, "idempotency-key-charged", "Already charged",
					"A request with this Idempotency-Key was charged, but its answer is not kept: its server stopped "
							+ "before answering, or the answer was older than the time answers are kept. GET /usage "
							+ "shows the charge; nothing was charged again.");
		}
		// counted once committed: a rolled-back charge never happened
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Ledger.this.metrics.charged(action, units, cost);
			}
		});
		return new Charge(requestId, units, cost, now.toInstant());
	}

	/**
	 * Takes the cost off the account's balance; an account without one (null) is not limited. The balance's check
	 * constraint refuses to overdraw, so two replicas charging at once cannot both spend the last credits.
	 */
	private void spendCredits(Caller caller, BigDecimal cost) {
		if (!this.plans.planOf(caller.accountId()).hasCreditBalance()) {
			return;
		}
		try {
			this.jdbc.update("update account set credit_balance = credit_balance - ? where id = ? and "
					+ "credit_balance is not null", cost, caller.accountId());
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "credits-exhausted", "Credits exhausted",
					"The account's credit balance does not cover this request's " + cost.stripTrailingZeros()
						.toPlainString() + " credits; GET /usage shows the balance. Ask the operator for credits.")
				.with("cost", cost);
		}
	}

	/** What one charge cost. */
	public record Charge(String requestId, int units, BigDecimal credits, Instant at) {
	}

}
