package dev.mlaas.attacker.cli;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.Budget;
import dev.mlaas.attacker.http.MlaasClient;
import picocli.CommandLine.Option;

/** What the attacker may spend, and the dry run that prints its plan instead of spending. */
class BudgetOptions {

	@Option(names = "--dry-run", description = "Print the attacker's plan (uploads, training jobs, queries, credits "
			+ "at the service's prices) and stop, spending nothing.")
	boolean dryRun;

	@Option(names = "--max-queries", description = "The attacker never sends more queries than this.")
	Long maxQueries;

	@Option(names = "--max-jobs", description = "The attacker never starts more training jobs than this.")
	Long maxJobs;

	@Option(names = "--max-credits", description = "The attacker never spends more credits than this (at GET /pricing's prices).")
	BigDecimal maxCredits;

	Budget budget(URI server) {
		// prices only where they matter: a dry run prints credits, a credit limit needs them
		Api.Prices prices = (this.dryRun || this.maxCredits != null) ? MlaasClient.pricing(server) : null;
		return new Budget(this.maxQueries, this.maxJobs, this.maxCredits, prices);
	}

	static void printPlan(MembershipAttack.Plan plan, Map<String, MembershipAttack.Plan> alone, Budget budget,
			String note) {
		System.out.printf(Locale.ROOT,
				"plan for the attacker: %d upload(s), %d training job(s), %d queries = %s credits at the service's prices%n",
				plan.uploads(), plan.trainingJobs(), plan.queries(),
				budget.credits(plan.uploads(), plan.trainingJobs(), plan.queries()).stripTrailingZeros().toPlainString());
		alone.forEach((id, cost) -> System.out.printf(Locale.ROOT,
				"  %-15s alone: %d upload(s), %d training job(s), %d queries%n", id, cost.uploads(),
				cost.trainingJobs(), cost.queries()));
		if (note != null) {
			System.out.println("  (" + note + ")");
		}
		budget.exceededBy(plan.uploads(), plan.trainingJobs(), plan.queries())
			.ifPresentOrElse(over -> System.out.println("  over budget, would be refused: " + over),
					() -> System.out.println("  within budget"));
	}

}
