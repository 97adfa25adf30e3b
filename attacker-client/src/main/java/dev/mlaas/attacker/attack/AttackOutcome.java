package dev.mlaas.attacker.attack;

import java.util.Map;

/**
 * An attack's answer for each candidate (membership score and, where the attack can set a threshold, decision, in
 * candidate order), other scores it wants evaluated beside the main one (adversary 3's entropy and deviation), and
 * what it learned on the way, for the report.
 *
 * @param decisions null when the attack cannot choose a threshold ("not applicable", never a made-up one)
 */
public record AttackOutcome(double[] scores, boolean[] decisions, Map<String, double[]> otherScores,
		Map<String, Object> details) {

	public AttackOutcome {
		if (decisions != null && scores.length != decisions.length) {
			throw new IllegalArgumentException("one score and one decision per candidate");
		}
		for (double[] other : otherScores.values()) {
			if (other.length != scores.length) {
				throw new IllegalArgumentException("one score per candidate in every score set");
			}
		}
	}

	public AttackOutcome(double[] scores, boolean[] decisions, Map<String, Object> details) {
		this(scores, decisions, Map.of(), details);
	}

	/** Member when the score is above {@code threshold}. */
	public static boolean[] above(double[] scores, double threshold) {
		boolean[] decisions = new boolean[scores.length];
		for (int i = 0; i < scores.length; i++) {
			decisions[i] = scores[i] > threshold;
		}
		return decisions;
	}

}
