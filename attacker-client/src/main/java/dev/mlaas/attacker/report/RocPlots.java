package dev.mlaas.attacker.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.mlaas.attacker.metrics.RocPoint;

/**
 * The ROC curves of a run's attacks as PNG files beside its report: on linear axes, and on log-log axes down to one
 * false positive (1 / non-members) where LiRA's argument lives, each with the chance diagonal.
 */
public final class RocPlots {

	private static final int WIDTH = 860;

	private static final int HEIGHT = 560;

	/** Ten colours told apart on screen and in print (the "tab10" set); the default set repeats near-yellows. */
	static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
			new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
			new Color(0xbcbd22), new Color(0x000000) };

	private RocPlots() {
	}

	/** One attack's curve as plotted: false and true positive rates in ROC order. */
	public record Series(String name, double[] fpr, double[] tpr) {
	}

	/**
	 * Writes {@code <stem>-roc.png} and {@code <stem>-roc-loglog.png} for {@code report}, beside {@code jsonFile}.
	 *
	 * @return the two files
	 */
	public static List<Path> write(ExperimentReport report, Path jsonFile) throws IOException {
		String stem = jsonFile.getFileName().toString().replaceFirst("\\.json$", "");
		Path dir = (jsonFile.getParent() != null) ? jsonFile.getParent() : Path.of(".");
		int n = report.configuration().n();
		return write(report.configuration().dataset() + ", N = " + n + ", seed " + report.seeds().experiment(),
				report.attacks(), n, n, dir, stem);
	}

	/** Writes {@code <stem>-roc.png} and {@code <stem>-roc-loglog.png} of {@code attacks} into {@code dir}. */
	public static List<Path> write(String title, List<ExperimentReport.Attack> attacks, int members, int nonMembers,
			Path dir, String stem) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Files.createDirectories(dir);
		List<Series> linear = new ArrayList<>();
		List<Series> logLog = new ArrayList<>();
		for (ExperimentReport.Attack attack : attacks) {
			linear.add(linear(attack.id(), attack.roc()));
			logLog.add(logLog(attack.id(), attack.roc(), nonMembers, members));
		}
		Path linearFile = dir.resolve(stem + "-roc.png");
		Path logLogFile = dir.resolve(stem + "-roc-loglog.png");
		save(chart(title, linear, false, 0), linearFile);
		save(chart(title + " (log-log)", logLog, true, 1.0 / nonMembers), logLogFile);
		return List.of(linearFile, logLogFile);
	}

	/** The curve's points as they are. */
	public static Series linear(String name, List<RocPoint> roc) {
		double[] fpr = new double[roc.size()];
		double[] tpr = new double[roc.size()];
		for (int i = 0; i < roc.size(); i++) {
			fpr[i] = roc.get(i).fpr();
			tpr[i] = roc.get(i).tpr();
		}
		return new Series(name, fpr, tpr);
	}

	/**
	 * The curve's points for log axes: a rate of 0 has no place on them, so points with no false positive are
	 * dropped but for the last of them (the highest TPR reached before the first false positive), which is drawn
	 * at one false positive's rate; a TPR of 0 is drawn at one member's rate.
	 */
	public static Series logLog(String name, List<RocPoint> roc, int nonMembers, int members) {
		double minFpr = 1.0 / nonMembers;
		double minTpr = 1.0 / members;
		List<double[]> points = new ArrayList<>();
		double bestAtZero = -1;
		for (RocPoint point : roc) {
			if (point.fpr() == 0) {
				bestAtZero = Math.max(bestAtZero, point.tpr());
			}
			else {
				points.add(new double[] { point.fpr(), Math.max(minTpr, point.tpr()) });
			}
		}
		if (bestAtZero >= 0) {
			points.add(0, new double[] { minFpr, Math.max(minTpr, bestAtZero) });
		}
		double[] fpr = new double[points.size()];
		double[] tpr = new double[points.size()];
		for (int i = 0; i < points.size(); i++) {
			fpr[i] = points.get(i)[0];
			tpr[i] = points.get(i)[1];
		}
		return new Series(name, fpr, tpr);
	}

	private static XYChart chart(String title, List<Series> curves, boolean log, double min) {
		XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
			.xAxisTitle("false positive rate")
			.yAxisTitle("true positive rate")
			.build();
		// outside the plot: inside, it hid the low-FPR corner of the log-log curves
		chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(Color.WHITE);
		chart.getStyler().setXAxisLogarithmic(log);
		chart.getStyler().setYAxisLogarithmic(log);
		chart.getStyler().setXAxisMin(log ? min : 0.0);
		chart.getStyler().setYAxisMin(log ? min : 0.0);
		chart.getStyler().setXAxisMax(1.0);
		chart.getStyler().setYAxisMax(1.0);
		chart.getStyler().setMarkerSize(0);
		XYSeries chance = chart.addSeries("chance", new double[] { log ? min : 0, 1 }, new double[] { log ? min : 0, 1 });
		chance.setLineColor(Color.GRAY);
		chance.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
				10f, new float[] { 6f, 4f }, 0f));
		chance.setMarker(SeriesMarkers.NONE);
		int next = 0;
		for (Series curve : curves) {
			if (curve.fpr().length > 0) {
				XYSeries series = chart.addSeries(curve.name(), curve.fpr(), curve.tpr());
				series.setMarker(SeriesMarkers.NONE);
				series.setLineColor(PALETTE[next++ % PALETTE.length]);
			}
		}
		return chart;
	}

	private static void save(XYChart chart, Path file) throws IOException {
		String name = file.toString().replaceFirst("\\.png$", "");
		// XChart adds the extension itself
		BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
	}

}
