package dev.mlaas.attacker.report;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.mlaas.attacker.attack.AttackSettings;
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.experiment.ExperimentConfig;
import dev.mlaas.attacker.experiment.Seeds;
import dev.mlaas.attacker.http.Budget;
import dev.mlaas.attacker.metrics.ConfusionMatrix;
import dev.mlaas.attacker.metrics.MembershipMetrics;
import dev.mlaas.attacker.metrics.RocCurve;

/**
 * Experiment reports made without a service, for the report and grid layers' tests: two attacks scored by real
 * metrics on random scores whose members sit {@code separation} above the non-members, a cost curve with LiRA at 1
 * and 2 references, and the most exposed records.
 */
public final class TestReports {

	private TestReports() {
	}

	public static ExperimentReport of(String dataset, long seed, double separation) {
		int n = 50;
		Random random = new Random(seed);
		boolean[] members = new boolean[2 * n];
		double[] yeom = new double[2 * n];
		double[] lira = new double[2 * n];
		boolean[] decisions = new boolean[2 * n];
		for (int i = 0; i < 2 * n; i++) {
			members[i] = i < n;
			lira[i] = random.nextGaussian() + (members[i] ? separation : 0);
			yeom[i] = (random.nextDouble() < (members[i] ? 0.9 : 0.6)) ? 1 : 0;
			decisions[i] = lira[i] > separation / 2;
		}
		List<ExperimentReport.Attack> attacks = List.of(attack("yeom", yeom, yeom, members),
				attack("lira-offline", lira, decisions, members));
		CostCurve curve = new CostCurve(List.of(
				point("yeom", 0, 0, 2 * n, attacks.get(0)),
				point("lira-offline", 1, 1, 4 * n, null, RocCurve.of(lira, members)),
				point("lira-offline", 2, 2, 6 * n, attacks.get(1))));
		ExperimentConfig config = new ExperimentConfig(URI.create("http://localhost:8080"), dataset, Path.of("data"), 0,
				n, seed, Map.of("architecture", "mlp", "epochs", 50), true, AttackSettings.DEFAULT, 1000, false,
				List.of("yeom", "lira-offline"), 2, Budget.NONE, null, null);
		Map<String, Object> observation = new LinkedHashMap<>();
		observation.put("candidates", 2 * n);
		ExperimentReport.Cost cost = new ExperimentReport.Cost(6L * n, 2, 1, 12.5, 6L * n, 2, 1,
				new BigDecimal("2.3"), true);
		List<DataFiles.Description> data = List.of(new DataFiles.Description(dataset, null,
				List.of("ab".repeat(32)), 4 * n, new int[] { 60 }, 10, null));
		return new ExperimentReport(Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-06T00:01:00Z"),
				config, Seeds.from(seed), 4 * n, 10, new ExperimentReport.Target(seed + 1, 1.0, 3.0, 1.0, 0.6 - seed / 100.0, null),
				Map.of("architecture", "mlp"), observation, attacks, cost, cost,
				Map.of("cpuModel", "test CPU", "oneDnnIsa", "AVX2"), data, curve,
				new ExposedRecords("lira-offline", List.of(new ExposedRecords.Exposed(3, "0123456789abcdef", 2.5, true))),
				Map.of());
	}

	private static ExperimentReport.Attack attack(String id, double[] scores, double[] decided, boolean[] members) {
		boolean[] decisions = new boolean[decided.length];
		for (int i = 0; i < decided.length; i++) {
			decisions[i] = decided[i] > 0.5;
		}
		return attack(id, scores, decisions, members);
	}

	private static ExperimentReport.Attack attack(String id, double[] scores, boolean[] decisions, boolean[] members) {
		RocCurve roc = RocCurve.of(scores, members);
		return new ExperimentReport.Attack(id, MembershipMetrics.from(roc, ConfusionMatrix.of(decisions, members)),
				Map.of(), new MembershipAttack.Plan(id.equals("yeom") ? 0 : 2, id.equals("yeom") ? 0 : 2,
						id.equals("yeom") ? members.length : 3L * members.length),
				Map.of("note", id), new ArrayList<>(roc.points()));
	}

	private static CostCurve.Point point(String family, int models, long jobs, long queries,
			ExperimentReport.Attack attack) {
		return new CostCurve.Point(family, models, jobs, jobs, queries, price(jobs, queries), attack.metrics().auc(),
				attack.metrics().tprAt1PercentFpr(), attack.metrics().tprAt01PercentFpr());
	}

	private static CostCurve.Point point(String family, int models, long jobs, long queries, Object unused,
			RocCurve roc) {
		return new CostCurve.Point(family, models, jobs, jobs, queries, price(jobs, queries), roc.auc(),
				roc.tprAtFpr(0.01), roc.tprAtFpr(0.001));
	}

	private static BigDecimal price(long jobs, long queries) {
		return BigDecimal.valueOf(jobs).add(new BigDecimal("0.001").multiply(BigDecimal.valueOf(queries)));
	}

}
