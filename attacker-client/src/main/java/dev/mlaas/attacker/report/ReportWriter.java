package dev.mlaas.attacker.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mlaas.attacker.metrics.MembershipMetrics;

/** Writes a report as JSON (everything) and as a short readable summary. */
public final class ReportWriter {

	static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.enable(SerializationFeature.INDENT_OUTPUT);

	private ReportWriter() {
	}

	public static void writeJson(Object report, Path file) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		JSON.writeValue(file.toFile(), report);
	}

	public static void printSummary(ExperimentReport report, PrintStream out) {
		var config = report.configuration();
		var target = report.target();
		out.printf(Locale.ROOT, "Membership inference on %s (N = %d, seed %d; target %s): %s%n", config.dataset(),
				config.n(), config.seed(), config.targetRecipe().getOrDefault("architecture", "auto"),
				String.join(", ", report.attacks().stream().map(ExperimentReport.Attack::id).toList()));
		out.printf(Locale.ROOT, "  target model %d: train accuracy %.4f, test accuracy %.4f, gap %.4f%n",
				target.modelId(), target.trainAccuracy(), target.testAccuracy(), target.gap());
		var observed = report.observation();
		if (observed.containsKey("shadowModelId")) {
			out.printf(Locale.ROOT, "  shadow model: train accuracy %s, test accuracy %s%n",
					format(observed.get("shadowTrainAccuracy")), format(observed.get("shadowTestAccuracy")));
		}
		out.printf(Locale.ROOT, "  %-15s %9s %7s %8s %7s %9s %10s %11s  %s%n", "attack", "precision", "recall",
				"accuracy", "AUC", "advantage", "TPR@1%FPR", "TPR@0.1%FPR", "cost alone (jobs/queries)");
		for (ExperimentReport.Attack attack : report.attacks()) {
			MembershipMetrics m = attack.metrics();
			out.printf(Locale.ROOT, "  %-15s %9s %7s %8s %7.4f %9s %10.4f %11.4f  %d/%d%n", attack.id(),
					format(m.precision()), format(m.recall()), format(m.accuracy()), m.auc(), format(m.advantage()),
					m.tprAt1PercentFpr(), m.tprAt01PercentFpr(), attack.costAlone().trainingJobs(),
					attack.costAlone().queries());
			attack.otherScores()
				.forEach((name, ranking) -> out.printf(Locale.ROOT,
						"  %-15s   scored by %s: AUC %.4f, TPR %.4f at 1%% FPR and %.4f at 0.1%%%n", "", name,
						ranking.auc(), ranking.tprAt1PercentFpr(), ranking.tprAt01PercentFpr()));
			if (attack.metrics().precision() == null) {
				out.printf(Locale.ROOT, "  %-15s   no threshold: %s%n", "", attack.details().get("threshold"));
			}
		}
		report.notApplicable()
			.forEach((id, why) -> out.printf(Locale.ROOT, "  %-15s not applicable: %s%n", id, why));
		report.attacks().stream().filter(attack -> attack.id().equals("ml-leaks-1")).findFirst()
			.ifPresent(attack -> printSpeed(report, attack.details(), out));
		printTiming(report, out);
		var compute = report.serverCompute();
		if (compute != null && !compute.isEmpty()) {
			out.printf(Locale.ROOT, "  service computed on: %s; oneDNN %s; OMP_NUM_THREADS %s (same seeds give the same"
					+ " weights only on the same of these)%n", compute.get("cpuModel"), compute.get("oneDnnIsa"),
					compute.get("ompNumThreads"));
		}
		var cost = report.attackerCost();
		out.printf(Locale.ROOT,
				"  attacker cost: %d queries, %d training job(s), %d upload(s), %s credits, %.1f s wall time%n",
				cost.queries(), cost.trainingJobs(), cost.uploads(), cost.ledgerCredits().stripTrailingZeros().toPlainString(),
				cost.wallTimeSeconds());
		out.printf(Locale.ROOT, "  server ledger for the attacker's key: %d queries, %d training job(s), %d upload(s): %s%n",
				cost.ledgerQueries(), cost.ledgerTrainingJobs(), cost.ledgerUploads(),
				cost.matchesLedger() ? "matches" : "MISMATCH");
	}

	private static void printTiming(ExperimentReport report, PrintStream out) {
		var observed = report.observation();
		if (observed.get("timing") instanceof java.util.Map<?, ?> timing) {
			out.printf(Locale.ROOT, "  attacker's time: %s s wall; its training jobs %s s summed (wall / jobs %sx); "
					+ "queries in flight %s s, local attack work %s s ((queries + local) / jobs %s)%n",
					timing.get("attackerWallSeconds"), timing.get("trainingJobSecondsSum"), timing.get("wallOverJobSum"),
					timing.get("queryInFlightSeconds"), timing.get("localAttackSeconds"),
					timing.get("queriesAndLocalOverJobSum"));
		}
	}

	private static void printSpeed(ExperimentReport report, java.util.Map<String, Object> details, PrintStream out) {
		var observed = report.observation();
		out.printf(Locale.ROOT,
				"  time: target job %s s; ml-leaks-1 %s s = shadow phase %s s (its job %s s) + queries %s s + attack model %s s%n",
				report.target().jobTrainingSeconds(), details.get("attackWallSeconds"), observed.get("shadowPhaseSeconds"),
				observed.get("shadowJobTrainingSeconds"), observed.get("queryPhaseSeconds"),
				details.get("attackModelTrainingSeconds"));
		out.printf(Locale.ROOT, "  speed goal: attack %s s from upload to decisions = %sx its shadow job's %s s (goal <= 1.2x)%n",
				details.get("attackWallSeconds"), details.get("attackOverShadowJob"),
				observed.get("shadowJobTrainingSeconds"));
		if (details.containsKey("shadowJobAloneSeconds")) {
			out.printf(Locale.ROOT, "  against the same shadow job trained alone afterwards (%s s): %sx%n",
					details.get("shadowJobAloneSeconds"), details.get("attackOverShadowJobAlone"));
		}
		else {
			out.println("  (that job ran beside the attack's own work, which can slow it where the two share cores;"
					+ " --time-shadow-alone times it alone)");
		}
	}

	private static String format(Object value) {
		return (value instanceof Number number) ? String.format(Locale.ROOT, "%.4f", number.doubleValue())
				: (value == null) ? "n/a" : String.valueOf(value);
	}

}
