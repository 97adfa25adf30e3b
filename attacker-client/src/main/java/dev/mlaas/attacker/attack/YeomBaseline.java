package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.http.OutputPolicySpec;

import java.util.Map;

/**
 * The label-only baseline (Yeom et al. 2018): a record is a member when the target predicts its true label. Its
 * accuracy on a balanced set is about 0.5 + (train accuracy - test accuracy) / 2.
 */
public final class YeomBaseline implements MembershipAttack {

	@Override
	public String id() {
		return "yeom";
	}

	/** The predicted label is in every answer, whatever the policy. */
	@Override
	public String notApplicable(String policy, int classes) {
		return null;
	}

	@Override
	public boolean needsShadow() {
		return false;
	}


	@Override
	public AttackOutcome attack(Observations observations) {
		float[][] posteriors = observations.targetPosteriors();
		int[] labels = observations.candidates().labels();
		double[] scores = new double[posteriors.length];
		for (int i = 0; i < posteriors.length; i++) {
			scores[i] = (Signals.predictedLabel(posteriors[i]) == labels[i]) ? 1 : 0;
		}
		return new AttackOutcome(scores, AttackOutcome.above(scores, 0.5), Map.of());
	}

}
