package dev.mlaas.attacker.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * Attack success against what the attacker paid for it: for each attack family of a run, one point per number of
 * shadow (reference) models it could have trained, priced as if that attack ran alone at the service's prices.
 * The points of one run share its reference models: LiRA, RMIA and Shokri at k models read the run's first k.
 */
public record CostCurve(List<Point> points) {

	/**
	 * One attack at one size: its models (shadows or references; 0 for none), what it would cost alone, and how well
	 * it did.
	 */
	public record Point(String family, int models, long uploads, long trainingJobs, long queries, BigDecimal credits,
			double auc, double tprAt1PercentFpr, double tprAt01PercentFpr) {
	}

	/**
	 * The curves of several runs of one configuration (seeds) as one: each point's success is the mean over the runs
	 * that have it, its price the first run's (the same plan costs the same).
	 */
	public static CostCurve mean(List<CostCurve> curves) {
		java.util.Map<String, List<Point>> byPoint = new java.util.LinkedHashMap<>();
		for (CostCurve curve : curves) {
			if (curve != null) {
				curve.points().forEach(p -> byPoint.computeIfAbsent(p.family() + "@" + p.models(),
						key -> new java.util.ArrayList<>()).add(p));
			}
		}
		List<Point> points = byPoint.values().stream().map(same -> {
			Point first = same.get(0);
			return new Point(first.family(), first.models(), first.uploads(), first.trainingJobs(), first.queries(),
					first.credits(), same.stream().mapToDouble(Point::auc).average().orElseThrow(),
					same.stream().mapToDouble(Point::tprAt1PercentFpr).average().orElseThrow(),
					same.stream().mapToDouble(Point::tprAt01PercentFpr).average().orElseThrow());
		}).toList();
		return new CostCurve(points);
	}

	/** The points of one family, in the order of their models. */
	public List<Point> family(String family) {
		return this.points.stream().filter(p -> p.family().equals(family)).toList();
	}

}
