package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.http.OutputPolicySpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ML-Leaks adversary 3 (Salem et al., NDSS 2019), no shadow model: a member gets a more confident answer, so the
 * score is the target's largest posterior (entropy and standard deviation are evaluated beside it). The threshold
 * comes from random points of the input domain (fair coins for bits, uniform values for scaled pixels): their
 * largest posteriors' top {@code percentile} percent. Where the domain's bounds are unknown there is no threshold and
 * no decisions, only the scores.
 */
public final class MlLeaksAdversary3 implements MembershipAttack {

	private final int randomPoints;

	private final double percentile;

	private final long seed;

	/** The paper's choice: 1,000 random points, top 10 percent. */
	public static MlLeaksAdversary3 paper(long seed) {
		return new MlLeaksAdversary3(1000, 10, seed);
	}

	public MlLeaksAdversary3(int randomPoints, double percentile, long seed) {
		this.randomPoints = randomPoints;
		this.percentile = percentile;
		this.seed = seed;
	}

	@Override
	public String id() {
		return "ml-leaks-3";
	}

	/** The largest posterior is all its score reads: any top-k leaves it; entropy and deviation need the rest. */
	@Override
	public String notApplicable(String policy, int classes) {
		return (OutputPolicySpec.largestKept(policy, classes) >= 1) ? null
				: "reads the largest posterior, which " + policy + " does not leave";
	}

	@Override
	public boolean needsShadow() {
		return false;
	}


	@Override
	public long ownQueries(FeatureDomain domain, int ownRecords) {
		return (domain == FeatureDomain.UNKNOWN) ? 0 : this.randomPoints;
	}

	@Override
	public AttackOutcome attack(Observations observations) {
		float[][] posteriors = observations.targetPosteriors();
		double[] maxPosterior = new double[posteriors.length];
		double[] negativeEntropy = new double[posteriors.length];
		double[] deviation = new double[posteriors.length];
		for (int i = 0; i < posteriors.length; i++) {
			maxPosterior[i] = Signals.maxPosterior(posteriors[i]);
			negativeEntropy[i] = -Signals.entropy(posteriors[i]);
			deviation[i] = Signals.standardDeviation(posteriors[i]);
		}
		Map<String, double[]> others = new LinkedHashMap<>();
		Map<String, Object> details = new LinkedHashMap<>();
		if (OutputPolicySpec.wholeVector(observations.target().outputPolicy())) {
			others.put("negative-entropy", negativeEntropy);
			others.put("standard-deviation", deviation);
		}
		else {
			details.put("otherScores", "entropy and deviation not evaluated: they read every class's posterior, which "
					+ observations.target().outputPolicy() + " does not leave");
		}
		if (observations.domain() == FeatureDomain.UNKNOWN) {
			details.put("threshold", "not applicable: the input domain's bounds are unknown");
			return new AttackOutcome(maxPosterior, null, others, details);
		}
		float[][] points = observations.domain()
			.randomPoints(this.randomPoints, observations.candidates().numFeatures(), this.seed);
		float[][] answers = observations.target().query(points);
		double[] pointScores = new double[answers.length];
		for (int i = 0; i < answers.length; i++) {
			pointScores[i] = Signals.maxPosterior(answers[i]);
		}
		double threshold = Thresholds.quantile(pointScores, 1 - this.percentile / 100);
		details.put("randomPoints", this.randomPoints);
		details.put("domain", observations.domain().name().toLowerCase(java.util.Locale.ROOT));
		details.put("percentile", this.percentile);
		details.put("threshold", threshold);
		return new AttackOutcome(maxPosterior, AttackOutcome.above(maxPosterior, threshold), others, details);
	}

}
