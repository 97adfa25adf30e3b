package dev.mlaas.attacker.attack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attacks by id, as users name them on the command line. */
public final class Attacks {

	/** Every attack this client has, in the order reports list them. */
	public static final List<String> IDS = List.of("ml-leaks-1", "ml-leaks-2", "ml-leaks-3", "ml-leaks-combining",
			"shokri", "yeom", "label-only-robustness", "loss-threshold", "lira-online", "lira-offline", "rmia");

	/** The attacks that work with shadow data of another dataset than the target's (the rest need the same). */
	public static final List<String> WITH_OTHER_SHADOW_DATA = List.of("ml-leaks-2", "ml-leaks-3", "yeom");

	/** Perturbed copies the label-only attack asks of each candidate. */
	public static final int LABEL_ONLY_PERTURBATIONS = 8;

	private Attacks() {
	}

	/**
	 * The attacks {@code ids} name ({@code all} for every one), each once, in {@link #IDS}' order.
	 *
	 * @param attackModel the local attack model, for the attacks that train one
	 * @param seed the seed of the attacks' own random choices (adversary 3's random points)
	 * @param references how many reference models LiRA and RMIA train
	 * @param shokri Shokri's shadow count and whether it sorts the posterior vector
	 * @throws IllegalArgumentException naming an unknown id and the known ones
	 */
	public static List<MembershipAttack> of(List<String> ids, AttackModel attackModel, long seed, int references,
			ShokriSettings shokri) {
		Set<String> wanted = new LinkedHashSet<>();
		for (String id : ids) {
			String trimmed = id.trim();
			if (trimmed.equals("all")) {
				wanted.addAll(IDS);
				// adversary 2 is adversary 1 with another dataset's shadow: "all" means the one that fits the data
				wanted.remove("ml-leaks-2");
			}
			else if (IDS.contains(trimmed)) {
				wanted.add(trimmed);
			}
			else {
				throw new IllegalArgumentException(
						"unknown attack '" + trimmed + "'; the attacks are " + String.join(", ", IDS) + " (or all)");
			}
		}
		List<MembershipAttack> attacks = new ArrayList<>();
		for (String id : IDS) {
			if (wanted.contains(id)) {
				attacks.add(switch (id) {
					case "ml-leaks-1" -> new MlLeaksAdversary1(attackModel, false);
					case "ml-leaks-2" -> new MlLeaksAdversary1(attackModel, true);
					case "ml-leaks-3" -> MlLeaksAdversary3.paper(seed);
					case "ml-leaks-combining" -> new MlLeaksCombining(attackModel);
					case "shokri" -> new Shokri(shokri.shadows(), shokri.sorted(), attackModel);
					case "yeom" -> new YeomBaseline();
					case "label-only-robustness" -> new LabelOnlyRobustness(LABEL_ONLY_PERTURBATIONS, seed);
					case "loss-threshold" -> new LossThreshold();
					case "lira-online" -> new Lira(true, references);
					case "lira-offline" -> new Lira(false, references);
					default -> new Rmia(references, Rmia.DEFAULT_A);
				});
			}
		}
		return attacks;
	}

	/** What the reference models of a run of {@code attacks} must be: the union of their needs, or null. */
	public static Observations.ReferenceNeeds referenceNeeds(List<MembershipAttack> attacks) {
		Observations.ReferenceNeeds needs = null;
		for (MembershipAttack attack : attacks) {
			if (attack.referenceNeeds() != null) {
				needs = attack.referenceNeeds().with(needs);
			}
		}
		return needs;
	}

	/**
	 * What a run of {@code attacks} spends, before anything is spent: the target's answers on the candidates, the
	 * ML-Leaks shadow and the references when an attack needs them (each paid once), and each attack's own queries.
	 *
	 * @param own how many records the attacker holds for its shadows
	 */
	public static MembershipAttack.Plan runPlan(List<MembershipAttack> attacks, int candidates, int own,
			FeatureDomain domain) {
		MembershipAttack.Plan plan = new MembershipAttack.Plan(0, 0, candidates);
		if (attacks.stream().anyMatch(MembershipAttack::needsShadow)) {
			plan = plan.plus(MembershipAttack.Plan.mlLeaksShadow(own));
		}
		Observations.ReferenceNeeds needs = referenceNeeds(attacks);
		if (needs != null) {
			plan = plan.plus(needs.plan(candidates, own));
		}
		for (MembershipAttack attack : attacks) {
			plan = plan.plus(new MembershipAttack.Plan(0, attack.ownJobs(), attack.ownQueries(domain, own, candidates)));
		}
		return plan;
	}

	/** Shokri's settings: k shadows (default 10) and the sorted (default) or the paper's unsorted vector. */
	public record ShokriSettings(int shadows, boolean sorted) {

		public static final ShokriSettings DEFAULT = new ShokriSettings(10, true);

	}

	/** The sub-shadow architectures a run of {@code attacks} trains beside the ML-Leaks shadow. */
	public static List<String> subShadows(List<MembershipAttack> attacks) {
		Set<String> all = new LinkedHashSet<>();
		attacks.forEach(attack -> all.addAll(attack.subShadows()));
		return List.copyOf(all);
	}

}
