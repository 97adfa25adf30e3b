package dev.mlaas.attacker.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.attacker.metrics.RocCurve;
import dev.mlaas.attacker.metrics.RocPoint;

import static org.assertj.core.api.Assertions.assertThat;

/** The plotted ROC points are the curve's, and on log axes no point falls off them. */
class RocPlotsTests {

	@TempDir
	Path dir;

	/** Four members, four non-members: two members above every non-member, then the rest mixed. */
	private static final List<RocPoint> ROC = RocCurve
		.of(new double[] { 0.9, 0.8, 0.6, 0.4, 0.7, 0.5, 0.3, 0.2 },
				new boolean[] { true, true, true, true, false, false, false, false })
		.points();

	@Test
	void theLinearSeriesIsTheCurvesPoints() {
		RocPlots.Series series = RocPlots.linear("a", ROC);
		for (int i = 0; i < ROC.size(); i++) {
			assertThat(series.fpr()[i]).isEqualTo(ROC.get(i).fpr());
			assertThat(series.tpr()[i]).isEqualTo(ROC.get(i).tpr());
		}
	}

	@Test
	void theLogLogSeriesStartsAtOneFalsePositiveWithTheTprReachedBeforeIt() {
		RocPlots.Series series = RocPlots.logLog("a", ROC, 4, 4);
		// before the first false positive (0.7) two members are found: TPR 0.5 drawn at FPR 1/4
		assertThat(series.fpr()[0]).isEqualTo(0.25);
		assertThat(series.tpr()[0]).isEqualTo(0.5);
		for (int i = 0; i < series.fpr().length; i++) {
			assertThat(series.fpr()[i]).isGreaterThanOrEqualTo(0.25);
			assertThat(series.tpr()[i]).isGreaterThanOrEqualTo(0.25);
		}
		// every point with a false positive is kept as it is
		long withFalsePositives = ROC.stream().filter(p -> p.fpr() > 0).count();
		assertThat(series.fpr()).hasSize((int) withFalsePositives + 1);
	}

	@Test
	void theCostCurveIsDrawnWhenItsPointsArePriced() throws Exception {
		CostCurve curve = new CostCurve(List.of(
				new CostCurve.Point("lira-offline", 1, 1, 1, 5000, new java.math.BigDecimal("6.1"), 0.9, 0.5, 0.1),
				new CostCurve.Point("lira-offline", 2, 2, 2, 10000, new java.math.BigDecimal("12.2"), 0.95, 0.7, 0.2),
				new CostCurve.Point("yeom", 0, 0, 0, 5000, new java.math.BigDecimal("5"), 0.7, 0.0, 0.0)));
		List<Path> files = CostCurvePlots.write("test", curve, this.dir, "run");
		assertThat(files).extracting(f -> f.getFileName().toString())
			.containsExactly("run-cost-auc.png", "run-cost-tpr.png");
		assertThat(ImageIO.read(files.get(0).toFile()).getWidth()).isEqualTo(860);
		CostCurve unpriced = new CostCurve(List.of(new CostCurve.Point("yeom", 0, 0, 0, 5000, null, 0.7, 0, 0)));
		assertThat(CostCurvePlots.write("test", unpriced, this.dir, "none")).isEmpty();
	}

	@Test
	void bothPlotsAreWrittenAsImagesOfTheirSize() throws Exception {
		ExperimentReport.Attack attack = new ExperimentReport.Attack("ml-leaks-1", null, Map.of(), null, Map.of(),
				ROC);
		List<Path> files = RocPlots.write("test", List.of(attack), 4, 4, this.dir, "run");
		assertThat(files).extracting(f -> f.getFileName().toString())
			.containsExactly("run-roc.png", "run-roc-loglog.png");
		for (Path file : files) {
			BufferedImage image = ImageIO.read(file.toFile());
			assertThat(image.getWidth()).isEqualTo(860);
			assertThat(image.getHeight()).isEqualTo(560);
		}
	}

}
