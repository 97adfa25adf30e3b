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
			SeedAggregate.Spread x = byAuc ? point.auc() : point.tprAt1PercentFpr();
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
