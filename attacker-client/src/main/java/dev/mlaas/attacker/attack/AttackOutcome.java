package dev.mlaas.attacker.attack;

import java.util.Map;

/**
 * An attack's answer for each candidate (membership score and decision, in candidate order) and what it learned on
 * the way (shadow model ids, shadow accuracy...), for the report.
 */
public record AttackOutcome(double[] scores, boolean[] decisions, Map<String, Object> details) {

	public AttackOutcome {
		if (scores.length != decisions.length) {
			throw new IllegalArgumentException("one score and one decision per candidate");
		}
	}

}
