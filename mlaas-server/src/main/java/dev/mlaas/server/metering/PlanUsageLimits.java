package dev.mlaas.server.metering;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.mlaas.server.accounts.Caller;

/**
 * The plan's limits {@code GET /usage} shows: the rate limit and each daily quota with what is left now, when the
 * quotas reset, and the account's credit balance. A limit the plan does not set is absent.
 */
@Component
class PlanUsageLimits implements UsageLimits {

	private final AccountPlans plans;

	private final Quotas quotas;

	PlanUsageLimits(AccountPlans plans, Quotas quotas) {
		this.plans = plans;
		this.quotas = quotas;
	}

	@Override
	public String feature() {
		return "plan";
	}

	@Override
	public Map<String, Object> limitsFor(Caller caller) {
		AccountPlans.NamedPlan named = this.plans.planOf(caller.accountId());
		Plan plan = named.plan();
		Map<String, Object> limits = new LinkedHashMap<>();
		limits.put("name", named.name());
		if (plan.requestsPerSecond() != null) {
			limits.put("requestsPerSecond", plan.requestsPerSecond());
			limits.put("burst", plan.burst());
			limits.put("requestsLeft", this.quotas.requestsLeft(caller));
		}
		boolean daily = false;
		for (BillableAction action : BillableAction.values()) {
			Long perDay = plan.perDay(action);
			if (perDay != null) {
				String name = Quotas.limitName(action);
				limits.put(name, perDay);
				limits.put(name.replace("PerDay", "LeftToday"), this.quotas.leftToday(caller, action));
				daily = true;
			}
		}
		if (daily) {
			limits.put("quotasResetAt", this.quotas.nextMidnight());
		}
		limits.put("creditBalance", this.plans.creditBalance(caller.accountId()));
		return limits;
	}

}
