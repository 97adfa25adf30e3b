package dev.mlaas.server.metering;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.accounts.AccountCreated;
import dev.mlaas.server.common.web.InvalidRequestException;
import dev.mlaas.server.common.web.NotFoundException;

/**
 * Which plan each account is on, and its credit balance. A new account gets the default plan and that plan's
 * credits; the operator moves accounts between plans and sets balances through {@code /admin}.
 */
@Component
class AccountPlans {

	private final JdbcTemplate jdbc;

	private final PlanProperties plans;

	/** Plans by account, reused for {@code mlaas.lookup-cache.ttl}: the rate limit asks on every request. */
	private final Cache<Long, NamedPlan> recent;

	AccountPlans(JdbcTemplate jdbc, PlanProperties plans, @Value("${mlaas.lookup-cache.ttl}") Duration ttl) {
		this.jdbc = jdbc;
		this.plans = plans;
		this.recent = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
	}

	@EventListener
	void onAccountCreated(AccountCreated created) {
		Plan plan = this.plans.catalog().get(this.plans.defaultPlan());
		this.jdbc.update("update account set plan = ?, credit_balance = ? where id = ?", this.plans.defaultPlan(),
				plan.credits(), created.accountId());
	}

	/** The account's plan; the default one when the account names none or a plan no longer offered. */
	NamedPlan planOf(long accountId) {
		return this.recent.get(accountId, id -> {
			List<Map<String, Object>> rows = this.jdbc.queryForList("select plan, credit_balance from account where "
					+ "id = ?", id);
			String stored = rows.isEmpty() ? null : (String) rows.get(0).get("plan");
			String name = (stored == null || !this.plans.catalog().containsKey(stored)) ? this.plans.defaultPlan()
					: stored;
			boolean balance = !rows.isEmpty() && rows.get(0).get("credit_balance") != null;
			return new NamedPlan(name, this.plans.catalog().get(name), balance);
		});
	}

	/** The account's credits left, or null when it has no balance to exhaust. */
	BigDecimal creditBalance(long accountId) {
		return this.jdbc.queryForObject("select credit_balance from account where id = ?", BigDecimal.class,
				accountId);
	}

	/**
	 * Puts an account on a plan. The balance becomes {@code creditBalance} when given; otherwise it stays, or
	 * becomes the plan's credits if the account had no balance and the plan has one.
	 */
	@Transactional
	AccountPlan assign(long accountId, String planName, BigDecimal creditBalance) {
		Plan plan = this.plans.catalog().get(planName);
		if (plan == null) {
			throw new InvalidRequestException("unknown-plan", "Unknown plan",
					"There is no plan '" + planName + "'; the plans are " + this.plans.catalog().keySet() + ".")
				.with("plans", this.plans.catalog().keySet());
		}
		if (creditBalance != null && creditBalance.signum() < 0) {
			throw new InvalidRequestException("invalid-request", "Invalid request",
					"creditBalance cannot be negative.");
		}
		int updated = (creditBalance != null)
				? this.jdbc.update("update account set plan = ?, credit_balance = ? where id = ?", planName,
						creditBalance, accountId)
				: this.jdbc.update("update account set plan = ?, credit_balance = coalesce(credit_balance, ?) "
						+ "where id = ?", planName, plan.credits(), accountId);
		if (updated == 0) {
			throw new NotFoundException("account", accountId);
		}
		// after the commit: a request in between would otherwise cache the old plan again
		org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
				new org.springframework.transaction.support.TransactionSynchronization() {
					@Override
					public void afterCommit() {
						AccountPlans.this.recent.invalidate(accountId);
					}
				});
		return new AccountPlan(accountId, planName, creditBalance(accountId));
	}

	/**
	 * A plan with its name, and whether the account has a credit balance to spend (as of the lookup: a balance the
	 * operator sets takes effect within {@code mlaas.lookup-cache.ttl} on other replicas).
	 */
	record NamedPlan(String name, Plan plan, boolean hasCreditBalance) {
	}

	/** Which plan an account is on and its balance, as {@code /admin} shows it. */
	record AccountPlan(long accountId, String plan, BigDecimal creditBalance) {
	}

}
