package dev.mlaas.attacker.attack;

import java.util.List;

/**
 * How the attacks of a run are set up, beyond which ones run: the local attack model and its MLP's settings,
 * Shokri's shadow count and feature order, and where the attacker's shadow data come from.
 *
 * @param attackModel {@code mlp}, {@code svm} or {@code lr} ({@link AttackModel})
 * @param shadowSource {@code real}, {@code noisy[:fraction]}, {@code marginals} or {@code synthesis}
 * ({@link ShadowSource})
 */
public record AttackSettings(String attackModel, int hiddenUnits, int epochs, int batchSize, double learningRate,
		int shokriShadows, boolean shokriSorted, String shadowSource) {

	/** ML-Leaks' attack MLP, 10 sorted Shokri shadows, the attacker's real records. */
	public static final AttackSettings DEFAULT = new AttackSettings("mlp", 64, 100, 100, 0.001, 10, true, "real");

	public AttackSettings {
		new AttackModel(attackModel, AttackMlp.Settings.mlLeaks(0));
		ShadowSource.parse(shadowSource);
	}

	/** The same settings with the attack MLP trained for {@code epochs}. */
	public AttackSettings withEpochs(int epochs) {
		return new AttackSettings(this.attackModel, this.hiddenUnits, epochs, this.batchSize, this.learningRate,
				this.shokriShadows, this.shokriSorted, this.shadowSource);
	}

	/** The attack model, its random choices seeded by {@code seed}. */
	public AttackModel model(long seed) {
		return new AttackModel(this.attackModel,
				new AttackMlp.Settings(this.hiddenUnits, this.epochs, this.batchSize, this.learningRate, seed));
	}

	public ShadowSource source() {
		return ShadowSource.parse(this.shadowSource);
	}

	/**
	 * What a run of {@code attacks} spends at most ({@link Attacks#runPlan}), with what the shadow source asks of
	 * the target on the way (synthesis).
	 */
	public MembershipAttack.Plan plan(List<MembershipAttack> attacks, int candidates, int own, FeatureDomain domain) {
		return Attacks.runPlan(attacks, candidates, own, domain)
			.plus(new MembershipAttack.Plan(0, 0, source().maxQueries(own)));
	}

	/** The attacks {@code ids} name, set up with these settings ({@link Attacks#of}). */
	public List<MembershipAttack> attacks(List<String> ids, long attackModelSeed, long attackSeed, int references) {
		return Attacks.of(ids, model(attackModelSeed), attackSeed, references,
				new Attacks.ShokriSettings(this.shokriShadows, this.shokriSorted));
	}

}
