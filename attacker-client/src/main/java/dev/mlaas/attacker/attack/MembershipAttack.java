package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.http.OutputPolicySpec;

/**
 * A black-box membership-inference attack: from what a run observed through the service (the target's answers on
 * the candidates, a shadow's answers on its own members and non-members) and, where it needs more, further queries,
 * it scores each candidate (higher means more likely a member) and decides member or not.
 */
public interface MembershipAttack {

	/** The id users give on the command line and reports carry, e.g. {@code ml-leaks-1}. */
	String id();

	/**
	 * Why it cannot run against a target that answers under {@code policy} ({@code full}, {@code top-k:K},
	 * {@code rounding:D}, {@code label-only}), or null when it can. By default an attack reads every class's
	 * posterior, which rounding leaves (coarser) and top-k and label-only do not: it says "not applicable" rather
	 * than score on what the service hid.
	 *
	 * @param classes the target's classes
	 */
	default String notApplicable(String policy, int classes) {
		return OutputPolicySpec.wholeVector(policy) ? null
				: "reads every class's posterior, which " + policy + " does not leave";
	}

	/** Whether it reads the ML-Leaks shadow (one shadow job on half of the attacker's data, queried on all of it). */
	boolean needsShadow();

	/** The reference models it reads (LiRA, RMIA), or null. */
	default Observations.ReferenceNeeds referenceNeeds() {
		return null;
	}

	/**
	 * The queries it sends beyond the run's shared observation (adversary 3's random points, the combining attack's
	 * sub-shadows).
	 *
	 * @param ownRecords how many records the attacker holds for its shadows
	 */
	default long ownQueries(FeatureDomain domain, int ownRecords) {
		return 0;
	}

	/** As {@link #ownQueries(FeatureDomain, int)}, for attacks whose queries grow with the candidates. */
	default long ownQueries(FeatureDomain domain, int ownRecords, int candidates) {
		return ownQueries(domain, ownRecords);
	}

	/** The training jobs it submits beyond the run's shared ones (the combining attack's sub-shadows). */
	default long ownJobs() {
		return 0;
	}

	/**
	 * The architectures of sub-shadows it needs beside the ML-Leaks shadow, trained on the same members (the
	 * combining attack's random forest and logistic regression).
	 */
	default java.util.List<String> subShadows() {
		return java.util.List.of();
	}


	AttackOutcome attack(Observations observations);

	/** Uploads, training jobs and queries ({@link Attacks#runPlan} for a run of one attack or several). */
	record Plan(long uploads, long trainingJobs, long queries) {

		/** What the ML-Leaks shadow costs: one upload and one job on half the data, queries on all of it. */
		public static Plan mlLeaksShadow(int shadowRecords) {
			return new Plan(1, 1, 2L * (shadowRecords / 2));
		}

		public Plan plus(Plan other) {
			return new Plan(this.uploads + other.uploads, this.trainingJobs + other.trainingJobs,
					this.queries + other.queries);
		}

	}

}
