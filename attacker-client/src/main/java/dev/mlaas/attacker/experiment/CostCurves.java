package dev.mlaas.attacker.experiment;

import java.util.ArrayList;
import java.util.List;

import dev.mlaas.attacker.attack.AttackOutcome;
import dev.mlaas.attacker.attack.AttackSettings;
import dev.mlaas.attacker.attack.Attacks;
import dev.mlaas.attacker.attack.FeatureDomain;
import dev.mlaas.attacker.attack.LabelOnlyRobustness;
import dev.mlaas.attacker.attack.Lira;
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.attack.Observations;
import dev.mlaas.attacker.attack.Rmia;
import dev.mlaas.attacker.attack.Shokri;
import dev.mlaas.attacker.http.Budget;
import dev.mlaas.attacker.metrics.RocCurve;
import dev.mlaas.attacker.report.CostCurve;
import dev.mlaas.attacker.report.ExperimentReport;

/**
 * The evaluator's cost curve of a run: LiRA and RMIA at 1, 2, 4, 8 and 16 references (online LiRA from 2: it needs
 * a model in and one out), Shokri at 1, 2, 5 and 10 shadows, each scored again on the run's observation with its
 * first k models, the label-only attack at 1, 2, 4, ... perturbed copies a candidate, and every other attack of the
 * run as the one point it is. Each point is priced as its attack alone.
 */
final class CostCurves {

	static final int[] REFERENCES = { 1, 2, 4, 8, 16 };

	static final int[] SHOKRI_SHADOWS = { 1, 2, 5, 10 };

	private CostCurves() {
	}

	static CostCurve of(List<MembershipAttack> attacks, List<ExperimentReport.Attack> results,
			Observations observations, boolean[] members, AttackSettings settings, long attackModelSeed, int own,
			FeatureDomain domain, Budget priced) {
		int candidates = members.length;
		int available = (observations.references() != null) ? observations.references().count() : 0;
		List<CostCurve.Point> points = new ArrayList<>();
		for (MembershipAttack attack : attacks) {
			List<MembershipAttack> sizes = switch (attack.id()) {
				case "lira-online" -> sized(REFERENCES, available, 2, k -> new Lira(true, k));
				case "lira-offline" -> sized(REFERENCES, available, 1, k -> new Lira(false, k));
				case "rmia" -> sized(REFERENCES, available, 1, k -> new Rmia(k, Rmia.DEFAULT_A));
				case "shokri" -> sized(SHOKRI_SHADOWS, available, 1,
						k -> new Shokri(k, settings.shokriSorted(), settings.model(attackModelSeed)));
				default -> List.of();
			};
			if (attack instanceof LabelOnlyRobustness labelOnly) {
				points.addAll(labelOnly(labelOnly, result(results, attack.id()), candidates, own, domain, priced));
				continue;
			}
			if (sizes.isEmpty()) {
				ExperimentReport.Attack result = results.stream()
					.filter(r -> r.id().equals(attack.id()))
					.findFirst()
					.orElseThrow();
				MembershipAttack.Plan plan = result.costAlone();
				points.add(new CostCurve.Point(attack.id(), (int) plan.trainingJobs(), plan.uploads(),
						plan.trainingJobs(), plan.queries(),
						priced.credits(plan.uploads(), plan.trainingJobs(), plan.queries()), result.metrics().auc(),
						result.metrics().tprAt1PercentFpr(), result.metrics().tprAt01PercentFpr()));
				continue;
			}
			for (MembershipAttack sized : sizes) {
				AttackOutcome outcome = sized.attack(observations);
				RocCurve roc = RocCurve.of(outcome.scores(), members);
				MembershipAttack.Plan plan = Attacks.runPlan(List.of(sized), candidates, own, domain);
				points.add(new CostCurve.Point(attack.id(), (int) plan.trainingJobs(), plan.uploads(),
						plan.trainingJobs(), plan.queries(),
						priced.credits(plan.uploads(), plan.trainingJobs(), plan.queries()), roc.auc(),
						roc.tprAtFpr(0.01), roc.tprAtFpr(0.001)));
			}
		}
		return new CostCurve(points);
	}

	/**
	 * The label-only attack with its first 1, 2, 4, ... perturbed copies a candidate (scored by the attack itself on
	 * the same answers: no extra query) and with all of them; {@code models} counts the copies.
	 */
	private static List<CostCurve.Point> labelOnly(LabelOnlyRobustness attack, ExperimentReport.Attack result,
			int candidates, int own, FeatureDomain domain, Budget priced) {
		List<CostCurve.Point> points = new ArrayList<>();
		for (int k = 1; k < attack.perturbations(); k *= 2) {
			ExperimentReport.Ranking ranking = result.otherScores().get(k + "-perturbation" + ((k > 1) ? "s" : ""));
			MembershipAttack.Plan plan = Attacks.runPlan(List.of(new LabelOnlyRobustness(k, 0)), candidates, own,
					domain);
			points.add(new CostCurve.Point(attack.id(), k, plan.uploads(), plan.trainingJobs(), plan.queries(),
					priced.credits(plan.uploads(), plan.trainingJobs(), plan.queries()), ranking.auc(),
					ranking.tprAt1PercentFpr(), ranking.tprAt01PercentFpr()));
		}
		MembershipAttack.Plan plan = result.costAlone();
		points.add(new CostCurve.Point(attack.id(), attack.perturbations(), plan.uploads(), plan.trainingJobs(),
				plan.queries(), priced.credits(plan.uploads(), plan.trainingJobs(), plan.queries()),
				result.metrics().auc(), result.metrics().tprAt1PercentFpr(), result.metrics().tprAt01PercentFpr()));
		return points;
	}

	private static ExperimentReport.Attack result(List<ExperimentReport.Attack> results, String id) {
		return results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
	}

	private static List<MembershipAttack> sized(int[] sizes, int available, int smallest,
			java.util.function.IntFunction<MembershipAttack> make) {
		List<MembershipAttack> attacks = new ArrayList<>();
		for (int k : sizes) {
			if (k >= smallest && k <= available) {
				attacks.add(make.apply(k));
			}
		}
		return attacks;
	}

}
