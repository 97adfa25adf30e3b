package dev.mlaas.attacker.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.mlaas.attacker.metrics.MembershipMetrics;

/**
 * One experiment over several seeds: for each attack and metric, the values per seed, their mean and their sample
 * standard deviation (figures such as TPR at 0.1% FPR swing between seeds and mean little alone).
 */
public record SeedAggregate(List<Long> seeds, Spread targetTrainAccuracy, Spread targetTestAccuracy, Spread targetGap,
		Map<String, Map<String, Spread>> attacks, boolean costsMatchLedger) {

	private static final Map<String, Function<MembershipMetrics, Double>> METRICS = metrics();

	public static SeedAggregate of(List<ExperimentReport> reports) {
		Map<String, Map<String, Spread>> attacks = new LinkedHashMap<>();
		for (ExperimentReport.Attack attack : reports.get(0).attacks()) {
			Map<String, Spread> metrics = new LinkedHashMap<>();
			METRICS.forEach((name, metric) -> {
				List<Double> values = new ArrayList<>();
				for (ExperimentReport report : reports) {
					Double value = metric.apply(report.attack(attack.id()).metrics());
					if (value != null) {
						values.add(value);
					}
				}
				if (!values.isEmpty()) {
					metrics.put(name, Spread.of(values));
				}
			});
			attacks.put(attack.id(), metrics);
		}
		return new SeedAggregate(reports.stream().map(report -> report.seeds().experiment()).toList(),
				Spread.of(reports.stream().map(report -> report.target().trainAccuracy()).toList()),
				Spread.of(reports.stream().map(report -> report.target().testAccuracy()).toList()),
				Spread.of(reports.stream().map(report -> report.target().gap()).toList()), attacks,
				reports.stream().allMatch(ExperimentReport::costsMatchLedger));
	}

	public void print(PrintStream out) {
		out.printf(Locale.ROOT, "Over seeds %s (mean ± sample std): target test accuracy %s, gap %s%n", this.seeds,
				this.targetTestAccuracy, this.targetGap);
		out.printf(Locale.ROOT, "  %-15s %-15s %-15s %-15s %-15s %-15s%n", "attack", "precision", "recall", "AUC",
				"TPR@1%FPR", "TPR@0.1%FPR");
		this.attacks.forEach((id, metrics) -> out.printf(Locale.ROOT, "  %-15s %-15s %-15s %-15s %-15s %-15s%n", id,
				text(metrics.get("precision")), text(metrics.get("recall")), text(metrics.get("auc")),
				text(metrics.get("tprAt1PercentFpr")), text(metrics.get("tprAt01PercentFpr"))));
		out.println("  costs " + (this.costsMatchLedger ? "matched the ledger in every run" : "DID NOT match the ledger"));
	}

	private static String text(Spread spread) {
		return (spread == null) ? "n/a" : spread.toString();
	}

	private static Map<String, Function<MembershipMetrics, Double>> metrics() {
		Map<String, Function<MembershipMetrics, Double>> metrics = new LinkedHashMap<>();
		metrics.put("precision", MembershipMetrics::precision);
		metrics.put("recall", MembershipMetrics::recall);
		metrics.put("accuracy", MembershipMetrics::accuracy);
		metrics.put("auc", MembershipMetrics::auc);
		metrics.put("tprAt1PercentFpr", MembershipMetrics::tprAt1PercentFpr);
		metrics.put("tprAt01PercentFpr", MembershipMetrics::tprAt01PercentFpr);
		return metrics;
	}

	/** Values per seed, their mean, sample standard deviation (0 for one value), least and largest. */
	public record Spread(List<Double> values, double mean, double std, double min, double max) {

		public static Spread of(List<Double> values) {
			double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
			double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
			double std = (values.size() > 1) ? Math.sqrt(squares / (values.size() - 1)) : 0;
			return new Spread(List.copyOf(values), mean, std,
					values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
					values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.3f ± %.3f", this.mean, this.std);
		}

	}

}
