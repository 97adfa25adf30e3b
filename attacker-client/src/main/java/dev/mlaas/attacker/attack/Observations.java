package dev.mlaas.attacker.attack;

import java.util.Map;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.http.Api;

/**
 * What one run has learned through the service, shared by every attack of the run so that each query and each
 * training job is paid for once: the candidates with the target's answers on them, the ML-Leaks shadow (when an
 * attack of the run needs it) with its answers on its members and non-members, and the target itself for attacks
 * that ask it more.
 *
 * @param domain what the attacker knows of the input space's bounds
 * @param details what the observing cost in time and produced (job ids, accuracies), for the report
 */
public record Observations(LabeledData candidates, float[][] targetPosteriors, Shadow shadow, TargetModel target,
		FeatureDomain domain, Map<String, Object> details) {

	/** The shadow's members and non-members, its answers on each, and its finished job. */
	public record Shadow(LabeledData in, LabeledData out, float[][] inPosteriors, float[][] outPosteriors,
			Api.Job job) {
	}

	/** The ML-Leaks shadow, which the attack needs. */
	public Shadow requireShadow() {
		if (this.shadow == null) {
			throw new IllegalStateException("this attack needs the ML-Leaks shadow, which the run did not train");
		}
		return this.shadow;
	}

}
