package dev.mlaas.attacker.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mlaas.attacker.attack.AttackSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.mlaas.attacker.http.Budget;

/**
 * Everything that decides an ML-Leaks experiment; recorded whole in its report.
 *
 * @param targetRecipe the victim's training settings sent to {@code POST /train} (the seed is added per run)
 * @param attackerKnowsRecipe adversary 1 as in the paper (shadow trained with the target's recipe) when true;
 * otherwise the attacker asks the service for its default recipe, as Shokri et al. did
 * @param attackSettings the attack model, Shokri's settings and the shadow data's source
 * @param queryBatchSize instances per {@code /predict} request
 * @param timeShadowAlone after the attack, train the attacker's shadow job again from an account of its own with
 * nothing else running, to time the attack against a job its own concurrent work did not slow down
 * @param attacks the ids of the attacks to run on the one target (see {@code Attacks})
 * @param referenceModels how many reference (shadow) models LiRA and RMIA train
 * @param budget what the attacker may spend at most
 * @param shadowDataset where the attacker's own data come from when not from the target's dataset (ML-Leaks
 * adversary 2), or null
 * @param shadowHiddenUnits the hidden layers the attacker's shadow takes instead of the target's (ML-Leaks'
 * robustness check: half or double the target's), or null
 * @param targetOutputPolicy what the victim's published target leaves of its posteriors: {@code full},
 * {@code top-k:K}, {@code rounding:D} or {@code label-only}
 * @param attackerKnowsPolicy the attacker puts its own shadow and reference models under the target's policy (the
 * papers' attacker, who knows the defense); otherwise they answer it in full
 * @param attackerKnowsDefense with {@code attackerKnowsRecipe}, the attacker's shadows take the target's training
 * defenses too (dropout, L2: the papers' assumption); otherwise its recipe without them
 */
public record ExperimentConfig(URI server, String dataset, Path dataDir, long dataSeed, int n, long seed,
		Map<String, Object> targetRecipe, boolean attackerKnowsRecipe, AttackSettings attackSettings, int queryBatchSize,
		boolean timeShadowAlone, List<String> attacks, int referenceModels, Budget budget, String shadowDataset,
		List<Integer> shadowHiddenUnits,
		@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = FullPolicy.class) String targetOutputPolicy,
		@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = True.class) Boolean attackerKnowsPolicy,
		@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = True.class) Boolean attackerKnowsDefense) {

	/** A target that answers in full. */
	public ExperimentConfig(URI server, String dataset, Path dataDir, long dataSeed, int n, long seed,
			Map<String, Object> targetRecipe, boolean attackerKnowsRecipe, AttackSettings attackSettings,
			int queryBatchSize, boolean timeShadowAlone, List<String> attacks, int referenceModels, Budget budget,
			String shadowDataset, List<Integer> shadowHiddenUnits) {
		this(server, dataset, dataDir, dataSeed, n, seed, targetRecipe, attackerKnowsRecipe, attackSettings,
				queryBatchSize, timeShadowAlone, attacks, referenceModels, budget, shadowDataset, shadowHiddenUnits,
				"full", true, true);
	}

	public ExperimentConfig {
		// absent from reports written before the option, and from those of full targets
		targetOutputPolicy = (targetOutputPolicy != null) ? targetOutputPolicy : "full";
		attackerKnowsPolicy = (attackerKnowsPolicy != null) ? attackerKnowsPolicy : Boolean.TRUE;
		attackerKnowsDefense = (attackerKnowsDefense != null) ? attackerKnowsDefense : Boolean.TRUE;
		dev.mlaas.attacker.http.OutputPolicySpec.toJson(targetOutputPolicy);
	}

	/**
	 * Leave the defaults of the policy and defense options out of the written configuration, so that it reads as it did
	 * before the options existed: a grid's cells kept from then keep their inputs' hash.
	 */
	static final class True {

		@Override
		public boolean equals(Object value) {
			return Boolean.TRUE.equals(value);
		}

		@Override
		public int hashCode() {
			return 0;
		}

	}

	/** See {@link True}. */
	static final class FullPolicy {

		@Override
		public boolean equals(Object value) {
			return "full".equals(value);
		}

		@Override
		public int hashCode() {
			return 0;
		}

	}

}
