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

	private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.enable(SerializationFeature.INDENT_OUTPUT);

	private ReportWriter() {
	}

	public static void writeJson(ExperimentReport report, Path file) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		JSON.writeValue(file.toFile(), report);
	}

	public static void printSummary(ExperimentReport report, PrintStream out) {
		var config = report.configuration();
		var target = report.target();
		MembershipMetrics m = report.attack().metrics();
		out.printf(Locale.ROOT, "ML-Leaks adversary 1 on %s (N = %d, seed %d; target %s)%n", config.dataset(),
				config.n(), config.seed(), config.targetRecipe().getOrDefault("architecture", "auto"));
		out.printf(Locale.ROOT, "  target model %d: train accuracy %.4f, test accuracy %.4f, gap %.4f%n",
				target.modelId(), target.trainAccuracy(), target.testAccuracy(), target.gap());
		out.printf(Locale.ROOT, "  shadow model: train accuracy %s, test accuracy %s%n",
				format(report.attack().details().get("shadowTrainAccuracy")), format(report.attack().details().get("shadowTestAccuracy")));
		out.printf(Locale.ROOT, "  attack: precision %.4f  recall %.4f  accuracy %.4f  AUC %.4f  advantage %.4f%n",
				m.precision(), m.recall(), m.accuracy(), m.auc(), m.advantage());
		out.printf(Locale.ROOT, "          TPR at 1%% FPR %.4f   TPR at 0.1%% FPR %.4f%n", m.tprAt1PercentFpr(),
				m.tprAt01PercentFpr());
		var details = report.attack().details();
		out.printf(Locale.ROOT,
				"  time: target job %s s; attack %s s = shadow phase %s s (its job %s s) + queries %s s + attack model %s s%n",
				target.jobTrainingSeconds(), report.attackerCost().wallTimeSeconds(), details.get("shadowPhaseSeconds"),
				details.get("shadowJobTrainingSeconds"), details.get("queryPhaseSeconds"),
				details.get("attackModelTrainingSeconds"));
		out.printf(Locale.ROOT, "  speed goal: attack %s s from upload to decisions = %sx its shadow job's %s s (goal <= 1.2x)%n",
				details.get("attackWallSeconds"), details.get("attackOverShadowJob"),
				details.get("shadowJobTrainingSeconds"));
		if (details.containsKey("shadowJobAloneSeconds")) {
			out.printf(Locale.ROOT, "  against the same shadow job trained alone afterwards (%s s): %sx%n",
					details.get("shadowJobAloneSeconds"), details.get("attackOverShadowJobAlone"));
		}
		else {
			out.println("  (that job ran beside the attack's own work, which can slow it where the two share cores;"
					+ " --time-shadow-alone times it alone)");
		}
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

	private static String format(Object value) {
		return (value instanceof Number number) ? String.format(Locale.ROOT, "%.4f", number.doubleValue())
				: String.valueOf(value);
	}

}
