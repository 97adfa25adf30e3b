package dev.mlaas.attacker.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.experiment.ExperimentConfig;
import dev.mlaas.attacker.experiment.Seeds;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.metrics.MembershipMetrics;
import dev.mlaas.attacker.metrics.RocPoint;

/**
 * One experiment's full record: configuration, seeds, versions, the target's accuracy, what the attacker observed,
 * each attack's metrics and ROC curve, each account's cost as counted by the client and as billed by the service, and what the service computed
 * on (CPU model, the instruction set oneDNN ran, native threads), on which the trained weights depend; and the data
 * it ran on (the dataset's SHA-256, shape and classes, and the attacker's other dataset's for adversary 2); and the
 * cost curve, success against credits spent ({@link CostCurve}), and the records the strongest attack is surest of
 * ({@link ExposedRecords}); and the attacks asked for that could not read what the target's output policy leaves,
 * each with why ({@code notApplicable}).
 */
public record ExperimentReport(Instant startedAt, Instant finishedAt, ExperimentConfig configuration, Seeds seeds,
		int datasetRecords, int datasetClasses, Target target, Map<String, Object> shadowRecipe,
		Map<String, Object> observation, List<Attack> attacks, Cost attackerCost, Cost victimCost,
		Map<String, String> versions, Map<String, Object> serverCompute, List<DataFiles.Description> data,
		CostCurve costCurve, ExposedRecords mostExposed, Map<String, String> notApplicable) {

	public ExperimentReport(Instant startedAt, Instant finishedAt, ExperimentConfig configuration, Seeds seeds,
			int datasetRecords, int datasetClasses, Target target, Map<String, Object> shadowRecipe,
			Map<String, Object> observation, List<Attack> attacks, Cost attackerCost, Cost victimCost,
			Map<String, Object> serverCompute, List<DataFiles.Description> data, CostCurve costCurve,
			ExposedRecords mostExposed, Map<String, String> notApplicable) {
		this(startedAt, finishedAt, configuration, seeds, datasetRecords, datasetClasses, target, shadowRecipe,
				observation, attacks, attackerCost, victimCost, ToolVersions.current(), serverCompute, data,
				costCurve, mostExposed, notApplicable);
	}

	public ExperimentReport {
		// absent from reports written before output policies: every attack applied
		notApplicable = (notApplicable != null) ? notApplicable : Map.of();
	}

	/** The attack with this id. */
	public Attack attack(String id) {
		return this.attacks.stream()
			.filter(attack -> attack.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no attack " + id + " in this report"));
	}

	/** The costs agree with the service's ledger for both keys. */
	public boolean costsMatchLedger() {
		return this.attackerCost.matchesLedger() && this.victimCost.matchesLedger();
	}

	/**
	 * The target's accuracy on its training records and on held-out ones, measured through {@code /predict}, and
	 * with DP-SGD the privacy the service says its training spent ({@code epsilon} at {@code delta}, with the noise,
	 * clip norm, sampling rate and steps), otherwise null.
	 */
	public record Target(long modelId, Double jobTrainingAccuracy, Double jobTrainingSeconds, double trainAccuracy,
			double testAccuracy, double gap,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Map<String, Object> privacy) {

		public Target(long modelId, Double jobTrainingAccuracy, Double jobTrainingSeconds, double trainAccuracy,
				double testAccuracy, Map<String, Object> privacy) {
			this(modelId, jobTrainingAccuracy, jobTrainingSeconds, trainAccuracy, testAccuracy,
					trainAccuracy - testAccuracy, privacy);
		}

		/** The epsilon the target's DP-SGD spent, or null without DP-SGD. */
		public Double epsilon() {
			return (this.privacy != null && this.privacy.get("epsilon") instanceof Number e) ? e.doubleValue() : null;
		}

	}

	/**
	 * One attack's result: its metrics (threshold metrics null where it has no threshold), the ranking metrics of each
	 * other score it reported, what it would have cost run alone (the run pays for shared shadows and target queries once; its
	 * real total is {@code attackerCost}), its own details and ROC curve.
	 */
	public record Attack(String id, MembershipMetrics metrics, Map<String, Ranking> otherScores,
			MembershipAttack.Plan costAlone, Map<String, Object> details, List<RocPoint> roc) {
	}

	/** How well a score ranks members above non-members, without a threshold. */
	public record Ranking(double auc, double tprAt1PercentFpr, double tprAt01PercentFpr) {
	}

	/**
	 * What one account spent: counted by the client from the service's answers, and the service's ledger totals for
	 * the same key. {@code matchesLedger} is false when any of them differ.
	 */
	public record Cost(long queries, long trainingJobs, long uploads, Double wallTimeSeconds, long ledgerQueries,
			long ledgerTrainingJobs, long ledgerUploads, BigDecimal ledgerCredits, boolean matchesLedger) {

		public static Cost of(MlaasClient client, Duration wallTime) {
			MlaasClient.Counted counted = client.counted();
			Api.Totals ledger = client.usage().totals();
			boolean matches = counted.queries() == ledger.queries() && counted.trainingJobs() == ledger.trainingJobs()
					&& counted.uploads() == ledger.uploads();
			return new Cost(counted.queries(), counted.trainingJobs(), counted.uploads(),
					(wallTime != null) ? wallTime.toMillis() / 1000.0 : null, ledger.queries(), ledger.trainingJobs(),
					ledger.uploads(), ledger.credits(), matches);
		}

	}

}
