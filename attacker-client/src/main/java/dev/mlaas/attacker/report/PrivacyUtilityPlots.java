package dev.mlaas.attacker.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The owner's trade-off as PNG files: for each defense or output-policy setting of a grid, the target's test
 * accuracy (what the owner keeps) against the strongest attack's AUC and TPR at 1% FPR (what the owner leaks),
 * means over the seeds, the accuracy's standard deviation as error bars. Up and to the left is better for the owner.
 */
public final class PrivacyUtilityPlots {

	private static final Marker[] MARKERS = { SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
			SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN };

	private PrivacyUtilityPlots() {
	}

	/**
	 * One setting's point: its name, the owner's test accuracy, and the strongest attack by each metric with its
	 * figure ({@code null} when no attack applies).
	 */
	public record Point(String setting, SeedAggregate.Spread testAccuracy, String aucAttack, SeedAggregate.Spread auc,
			String tprAttack, SeedAggregate.Spread tprAt1PercentFpr) {

		/** The strongest attack on each metric among those that ran under the setting. */
		static Point of(GridReport.DatasetSummary summary) {
			Map<String, Map<String, SeedAggregate.Spread>> attacks = summary.spread().attacks();
			String aucAttack = strongest(attacks, "auc");
			String tprAttack = strongest(attacks, "tprAt1PercentFpr");
			return new Point(summary.setting(), summary.spread().targetTestAccuracy(), aucAttack,
					(aucAttack != null) ? attacks.get(aucAttack).get("auc") : null, tprAttack,
					(tprAttack != null) ? attacks.get(tprAttack).get("tprAt1PercentFpr") : null);
		}

		private static String strongest(Map<String, Map<String, SeedAggregate.Spread>> attacks, String metric) {
			String best = null;
			double bestMean = Double.NEGATIVE_INFINITY;
			for (Map.Entry<String, Map<String, SeedAggregate.Spread>> attack : attacks.entrySet()) {
				SeedAggregate.Spread spread = attack.getValue().get(metric);
				if (spread != null && spread.mean() > bestMean) {
					best = attack.getKey();
					bestMean = spread.mean();
				}
			}
			return best;
		}

	}

	/** The points of one dataset's settings, in the grid's order. */
	public static List<Point> points(GridReport grid, String dataset) {
		return grid.summaries().stream().filter(s -> s.dataset().equals(dataset)).map(Point::of).toList();
	}

	/**
	 * How close two points may lie, as a share of the plotted points' span on each axis, before one's marker hides
	 * the other's: an 11-pixel marker in a plot about 650 pixels wide.
	 */
	static final double OVERLAP = 0.02;

	/**
	 * The groups of settings whose markers overlap in the AUC plot ({@code byAuc}) or the TPR plot, so that the
	 * last drawn hides the others: points closer than {@link #OVERLAP} of the span on both axes, chained.
	 */
	public static List<List<Point>> overlapping(List<Point> points, boolean byAuc) {
		List<Point> plotted = points.stream().filter(point -> x(point, byAuc) != null).toList();
		double[] xs = plotted.stream().mapToDouble(point -> x(point, byAuc).mean()).toArray();
		double[] ys = plotted.stream().mapToDouble(point -> point.testAccuracy().mean()).toArray();
		double xNear = OVERLAP * span(xs);
		double yNear = OVERLAP * span(ys);
		int[] group = java.util.stream.IntStream.range(0, plotted.size()).toArray();
		for (int i = 0; i < plotted.size(); i++) {
			for (int j = i + 1; j < plotted.size(); j++) {
				if (Math.abs(xs[i] - xs[j]) <= xNear && Math.abs(ys[i] - ys[j]) <= yNear) {
					int from = group[j];
					for (int k = 0; k < group.length; k++) {
						group[k] = (group[k] == from) ? group[i] : group[k];
					}
				}
			}
		}
		Map<Integer, List<Point>> groups = new java.util.LinkedHashMap<>();
		for (int i = 0; i < plotted.size(); i++) {
			groups.computeIfAbsent(group[i], key -> new java.util.ArrayList<>()).add(plotted.get(i));
		}
		return groups.values().stream().filter(members -> members.size() > 1).toList();
	}

	/** A point's figure on the plot's x axis, or {@code null} when no attack applies. */
	static SeedAggregate.Spread x(Point point, boolean byAuc) {
		return byAuc ? point.auc() : point.tprAt1PercentFpr();
	}

	private static double span(double[] values) {
		return java.util.Arrays.stream(values).max().orElse(0) - java.util.Arrays.stream(values).min().orElse(0);
	}

	/** Writes {@code <stem>-privacy-utility-auc.png} and {@code -tpr.png}. */
	public static List<Path> write(String title, List<Point> points, Path dir, String stem) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(dir);
		Path auc = dir.resolve(stem + "-privacy-utility-auc.png");
		Path tpr = dir.resolve(stem + "-privacy-utility-tpr.png");
		save(chart(title, points, "AUC of the strongest attack", true), auc);
		save(chart(title, points, "TPR at 1% FPR of the strongest attack", false), tpr);
		return List.of(auc, tpr);
	}

	private static XYChart chart(String title, List<Point> points, String metric, boolean byAuc) {
		XYChart chart = new XYChartBuilder().width(860).height(600)
			.title(title + ": the owner's accuracy against " + (byAuc ? "AUC" : "TPR at 1% FPR"))
			.xAxisTitle(metric + " (mean ± std over seeds)")
			.yAxisTitle("target test accuracy")
			.build();
		chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
		chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
		chart.getStyler().setMarkerSize(11);
		// the axes fit the points: a low-gap target's settings all lie within a few hundredths of AUC
		int next = 0;
		for (Point point : points) {
			SeedAggregate.Spread x = x(point, byAuc);
			if (x == null) {
				continue;
			}
			String attack = byAuc ? point.aucAttack() : point.tprAttack();
			String name = ((point.setting() != null) ? point.setting() : "as given") + " (" + attack + ")";
			XYSeries series = chart.addSeries(name, new double[] { x.mean() },
					new double[] { point.testAccuracy().mean() }, new double[] { point.testAccuracy().std() });
			// a shape of its own beside its colour: settings that leave the same figures share a point
			series.setMarker(MARKERS[(next + next / RocPlots.PALETTE.length) % MARKERS.length]);
			series.setMarkerColor(RocPlots.PALETTE[next % RocPlots.PALETTE.length]);
			series.setLineColor(RocPlots.PALETTE[next % RocPlots.PALETTE.length]);
			next++;
		}
		if (next == 0) {
			chart.addSeries("no attack applies", new double[] { Double.NaN }, new double[] { Double.NaN });
		}
		return chart;
	}

	private static void save(XYChart chart, Path file) throws IOException {
		// XChart adds the extension itself
		BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
	}

}
