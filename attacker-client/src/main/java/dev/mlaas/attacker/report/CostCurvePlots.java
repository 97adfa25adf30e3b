package dev.mlaas.attacker.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cost curve as PNG files beside a report: AUC, and TPR at 1% FPR, against the credits each attack would cost
 * alone (log scale), one line per attack family, one marker per point.
 */
public final class CostCurvePlots {

	private CostCurvePlots() {
	}

	/** Writes {@code <stem>-cost-auc.png} and {@code <stem>-cost-tpr.png}; none when the curve has no priced point. */
	public static List<Path> write(String title, CostCurve curve, Path dir, String stem) throws IOException {
		System.setProperty("java.awt.headless", "true");
		if (curve == null || curve.points().stream().noneMatch(p -> p.credits() != null)) {
			return List.of();
		}
		Files.createDirectories(dir);
		Path auc = dir.resolve(stem + "-cost-auc.png");
		Path tpr = dir.resolve(stem + "-cost-tpr.png");
		save(chart(title, curve, "AUC", CostCurve.Point::auc), auc);
		save(chart(title, curve, "TPR at 1% FPR", CostCurve.Point::tprAt1PercentFpr), tpr);
		return List.of(auc, tpr);
	}

	/** As {@link #write(String, CostCurve, Path, String)}, for a report written to {@code jsonFile}. */
	public static List<Path> write(ExperimentReport report, Path jsonFile) throws IOException {
		String stem = jsonFile.getFileName().toString().replaceFirst("\\.json$", "");
		Path dir = (jsonFile.getParent() != null) ? jsonFile.getParent() : Path.of(".");
		return write(report.configuration().dataset() + ", N = " + report.configuration().n() + ", seed "
				+ report.seeds().experiment(), report.costCurve(), dir, stem);
	}

	private static XYChart chart(String title, CostCurve curve, String metric, ToDoubleFunction<CostCurve.Point> y) {
		XYChart chart = new XYChartBuilder().width(860).height(560)
			.title(title + ": " + metric + " against cost")
			.xAxisTitle("credits spent by the attack alone (log scale)")
			.yAxisTitle(metric)
			.build();
		chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
		chart.getStyler().setXAxisLogarithmic(true);
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setYAxisMax(1.0);
		Set<String> families = new LinkedHashSet<>();
		curve.points().forEach(p -> families.add(p.family()));
		int next = 0;
		for (String family : families) {
			List<CostCurve.Point> points = curve.family(family).stream().filter(p -> p.credits() != null).toList();
			if (points.isEmpty()) {
				continue;
			}
			double[] x = points.stream().mapToDouble(p -> p.credits().doubleValue()).toArray();
			double[] values = points.stream().mapToDouble(y).toArray();
			XYSeries series = chart.addSeries(family, x, values);
			series.setMarker(SeriesMarkers.CIRCLE);
			java.awt.Color colour = RocPlots.PALETTE[next++ % RocPlots.PALETTE.length];
			series.setLineColor(colour);
			series.setMarkerColor(colour);
		}
		return chart;
	}

	private static void save(XYChart chart, Path file) throws IOException {
		// XChart adds the extension itself
		BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
	}

}
