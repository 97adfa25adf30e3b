package dev.mlaas.attacker.report;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A grid's summary is its cells' figures per seed with their mean and spread, its cost curve the seeds' mean, and
 * its page shows them with the papers' figures beside.
 */
class GridReportTests {

	@TempDir
	Path dir;

	private final List<GridReport.CellResult> cells = new ArrayList<>();

	private final List<ExperimentReport> reports = new ArrayList<>();

	private GridReport grid() {
		for (String dataset : List.of("purchase-like", "fashion-mnist")) {
			for (long seed = 0; seed < 3; seed++) {
				this.cells.add(new GridReport.CellResult(dataset, seed, null, "0123456789abcdef".repeat(4), seed == 0, 60,
						"cells/" + dataset + seed + ".json", "cells/" + dataset + seed + ".html"));
				this.reports.add(TestReports.of(dataset, seed, dataset.equals("purchase-like") ? 2.0 : 0.5));
			}
		}
		return GridReport.of("test-grid", Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-06T00:10:00Z"),
				this.cells, this.reports, GridReport.Timing.of(600, 360, 3));
	}

	@Test
	void eachDatasetsFiguresAreItsCellsPerSeedWithTheirMeanAndSpread() {
		GridReport grid = grid();
		assertThat(grid.datasets()).containsExactly("purchase-like", "fashion-mnist");
		assertThat(grid.attacks()).containsExactly("yeom", "lira-offline");
		assertThat(grid.seeds()).containsExactly(0L, 1L, 2L);
		SeedAggregate.Spread auc = grid.summary("fashion-mnist").spread().attacks().get("lira-offline").get("auc");
		List<Double> perSeed = this.reports.subList(3, 6).stream()
			.map(report -> report.attack("lira-offline").metrics().auc())
			.toList();
		assertThat(auc.values()).isEqualTo(perSeed);
		assertThat(auc.mean()).isCloseTo(perSeed.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
				within(1e-12));
		assertThat(grid.summary("purchase-like").spread().targetTestAccuracy().values())
			.containsExactly(0.6, 0.59, 0.58);
		assertThat(grid.timing().reportShare()).isEqualTo(0.005);
		assertThat(grid.costsMatchLedger()).isTrue();
	}

	@Test
	void theCostCurveOfADatasetIsItsSeedsMeanAtTheSamePrices() {
		GridReport grid = grid();
		CostCurve mean = grid.summary("purchase-like").costCurve();
		assertThat(mean.family("lira-offline")).extracting(CostCurve.Point::models).containsExactly(1, 2);
		CostCurve.Point two = mean.family("lira-offline").get(1);
		double expected = this.reports.subList(0, 3).stream()
			.mapToDouble(report -> report.costCurve().family("lira-offline").get(1).auc())
			.average()
			.orElseThrow();
		assertThat(two.auc()).isCloseTo(expected, within(1e-12));
		assertThat(two.credits()).isEqualByComparingTo(this.reports.get(0).costCurve().family("lira-offline").get(1).credits());
		// the run's own size is the attack's cost alone, priced from the curve
		GridReport.AttackCost cost = grid.summary("purchase-like").costs().get("lira-offline");
		assertThat(cost.trainingJobs()).isEqualTo(2);
		assertThat(cost.credits()).isEqualByComparingTo(new BigDecimal("2.3"));
	}

	@Test
	void thePapersFiguresStandBesideOursWhereThePapersGiveOne() {
		assertThat(PaperFigures.of(List.of("ml-leaks-1", "yeom"), List.of("purchase-like", "fashion-mnist")))
			.singleElement()
			.satisfies(figure -> assertThat(figure.text()).startsWith("precision 0.89, recall 0.86 (ML-Leaks"));
		assertThat(PaperFigures.of("ml-leaks-1", "fashion-mnist")).isEmpty();
	}

	@Test
	void thePageHasTheSummaryEveryFigureTheTargetsAndEachDatasetsPlots() throws Exception {
		GridReport grid = grid();
		Map<String, List<Path>> plots = new java.util.LinkedHashMap<>();
		Map<String, ExperimentReport> firsts = Map.of("purchase-like", this.reports.get(0), "fashion-mnist",
				this.reports.get(3));
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			List<Path> files = new ArrayList<>(RocPlots.write(summary.dataset(), firsts.get(summary.dataset()).attacks(),
					50, 50, this.dir, summary.dataset()));
			files.addAll(CostCurvePlots.write(summary.dataset(), summary.costCurve(), this.dir, summary.dataset()));
			plots.put(summary.dataset(), files);
		}
		String page = GridHtml.render(grid, plots, firsts);
		assertThat(page.split("data:image/png;base64,", -1)).hasSize(9);
		assertThat(page).contains("<table id=\"summary\">", "<table id=\"figures\" class=\"sortable\">",
				"<table id=\"targets\">", "4 cells were computed in this run and 2 read from an earlier one");
		// one row per dataset and attack in the sortable table
		String figures = page.substring(page.indexOf("<table id=\"figures\""), page.indexOf("<h2>The targets"));
		assertThat(figures.split("<tr><td>", -1)).hasSize(1 + 2 * 2);
		// the strongest AUC of each dataset in bold
		double best = grid.summary("purchase-like").spread().attacks().get("lira-offline").get("auc").mean();
		assertThat(page).contains("<b>" + grid.summary("purchase-like").spread().attacks().get("lira-offline").get("auc") + "</b>");
		assertThat(best).isGreaterThan(grid.summary("purchase-like").spread().attacks().get("yeom").get("auc").mean());
		assertThat(page).contains("href=\"cells/fashion-mnist2.html\"").doesNotContain("src=\"http");
	}

	@Test
	void aGridOfSettingsComparesThemPerDatasetAndPlotsTheOwnersTradeOff() throws Exception {
		// two settings, the second a weaker separation standing in for a defense that works
		for (String setting : List.of("none", "defended")) {
			for (long seed = 0; seed < 3; seed++) {
				this.cells.add(new GridReport.CellResult("purchase-like", seed, setting, "ab".repeat(32), false, 60,
						"cells/" + setting + seed + ".json", "cells/" + setting + seed + ".html"));
				this.reports.add(TestReports.of("purchase-like", seed, setting.equals("none") ? 2.0 : 0.2));
			}
		}
		GridReport grid = GridReport.of("settings", Instant.parse("2026-12-06T00:00:00Z"),
				Instant.parse("2026-12-06T00:10:00Z"), this.cells, this.reports, null);
		assertThat(grid.settings()).containsExactly("none", "defended");
		assertThat(grid.summaries()).extracting(GridReport.DatasetSummary::label)
			.containsExactly("purchase-like [none]", "purchase-like [defended]");
		List<PrivacyUtilityPlots.Point> points = PrivacyUtilityPlots.points(grid, "purchase-like");
		assertThat(points).extracting(PrivacyUtilityPlots.Point::setting).containsExactly("none", "defended");
		for (PrivacyUtilityPlots.Point point : points) {
			GridReport.DatasetSummary summary = grid.summary("purchase-like [" + point.setting() + "]");
			double strongest = summary.spread().attacks().values().stream()
				.mapToDouble(metrics -> metrics.get("auc").mean()).max().orElseThrow();
			assertThat(point.auc().mean()).isEqualTo(strongest);
			assertThat(summary.spread().attacks().get(point.aucAttack()).get("auc").mean()).isEqualTo(strongest);
			assertThat(point.testAccuracy()).isEqualTo(summary.spread().targetTestAccuracy());
		}
		assertThat(points.get(1).auc().mean()).isLessThan(points.get(0).auc().mean());

		Map<String, List<Path>> plots = new java.util.LinkedHashMap<>();
		plots.put(GridHtml.PRIVACY_UTILITY + "purchase-like",
				PrivacyUtilityPlots.write("purchase-like", points, this.dir, "settings"));
		assertThat(plots.values().iterator().next()).allSatisfy(png -> assertThat(png).isNotEmptyFile());
		Map<String, ExperimentReport> firsts = Map.of("purchase-like [none]", this.reports.get(0),
				"purchase-like [defended]", this.reports.get(3));
		String page = GridHtml.render(grid, plots, firsts);
		String defenses = page.substring(page.indexOf("<h2 id=\"defenses\">"), page.indexOf("<h2 id=\"purchase-like [none]\">"));
		// an AUC table and a TPR table, a row per setting, and the two plots
		assertThat(defenses.split("<table class=\"defenses sortable\">", -1)).hasSize(3);
		assertThat(defenses.split("<tr><td>none</td>", -1)).hasSize(3);
		assertThat(defenses.split("<tr><td>defended</td>", -1)).hasSize(3);
		assertThat(defenses.split("data:image/png;base64,", -1)).hasSize(3);
		assertThat(page).contains("<th colspan=\"2\" class=\"t\">purchase-like [none]</th>");
	}

	@Test
	void settingsWhoseMarkersOverlapAreGroupedPlotByPlot() {
		// none and rounding lie 0.002 of AUC apart on a span of 0.19: one marker hides the other; DP lies far off
		List<PrivacyUtilityPlots.Point> points = List.of(point("none", 0.858, 0.692, 0.123),
				point("rounding-2", 0.858, 0.690, 0.122), point("top-1", 0.857, 0.583, 0.008),
				point("label-only", 0.858, 0.583, 0.000), point("dp-sgd", 0.705, 0.502, 0.010));
		assertThat(PrivacyUtilityPlots.overlapping(points, true)).extracting(this::settings)
			.containsExactly(List.of("none", "rounding-2"), List.of("top-1", "label-only"));
		// on TPR, top-1's 0.008 stands apart from label-only's 0 (6.5% of the span), rounding still hides none
		assertThat(PrivacyUtilityPlots.overlapping(points, false)).extracting(this::settings)
			.containsExactly(List.of("none", "rounding-2"));
		assertThat(PrivacyUtilityPlots.overlapping(points.subList(0, 1), true)).isEmpty();
	}

	private List<String> settings(List<PrivacyUtilityPlots.Point> group) {
		return group.stream().map(PrivacyUtilityPlots.Point::setting).toList();
	}

	private static PrivacyUtilityPlots.Point point(String setting, double accuracy, double auc, double tpr) {
		return new PrivacyUtilityPlots.Point(setting, SeedAggregate.Spread.of(List.of(accuracy)), "rmia",
				SeedAggregate.Spread.of(List.of(auc)), "rmia", SeedAggregate.Spread.of(List.of(tpr)));
	}

}
