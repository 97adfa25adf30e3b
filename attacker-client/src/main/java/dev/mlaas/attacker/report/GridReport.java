package dev.mlaas.attacker.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.experiment.ExperimentConfig;

/**
 * A grid's record: which cells (dataset x seed) it ran, which it computed and which it read from an earlier run,
 * and per dataset the target's accuracies and every attack's figures per seed and as mean ± sample std, with the
 * seed-averaged cost curve, each attack's cost alone and the papers' figures where they give one; and where the
 * time went (the report's own share among it).
 */
public record GridReport(String name, Instant startedAt, Instant finishedAt, List<String> datasets,
		List<String> attacks, List<Long> seeds, List<CellResult> cells, List<DatasetSummary> summaries,
		List<PaperFigures.Figure> paperFigures, Timing timing, Map<String, String> versions,
		List<Map<String, Object>> serviceMachines, boolean costsMatchLedger) {

	/**
	 * One cell as the grid ran it: computed here ({@code reused} false) or read from the cell kept under the same
	 * inputs' hash; the seconds its computing took (here, or when it was kept); its full report and its page,
	 * relative to the grid's report.
	 */
	public record CellResult(String dataset, long seed,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String setting,
			String inputsHash, boolean reused, double seconds, String report, String page) {

		/** The dataset, and the setting in brackets where the grid has settings. */
		public String label() {
			return GridReport.label(this.dataset, this.setting);
		}

	}

	/**
	 * One dataset under one setting (null: the command as given) over the grid's seeds. {@code configuration} is its
	 * first cell's (the others differ by seed alone); {@code costs} what each attack would spend alone in one cell;
	 * {@code epsilon} what the target's DP-SGD spent, by the service's accountant (the same in every seed), or null.
	 */
	public record DatasetSummary(String dataset,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String setting,
			int n, DataFiles.Description data, ExperimentConfig configuration, SeedAggregate spread,
			CostCurve costCurve, Map<String, AttackCost> costs, Map<String, String> notApplicable,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double epsilon) {

		/** The dataset, and the setting in brackets where the grid has settings. */
		public String label() {
			return GridReport.label(this.dataset, this.setting);
		}

	}

	static String label(String dataset, String setting) {
		return (setting != null) ? dataset + " [" + setting + "]" : dataset;
	}

	/** What an attack would spend alone in one cell: its plan, priced at the service's prices (null unpriced). */
	public record AttackCost(long trainingJobs, long queries, BigDecimal credits) {
	}

	/**
	 * Where the grid's time went: all of it, the cells computed here, and writing the pages, plots and JSON (cells'
	 * and the grid's); {@code reportShare} the last over the first.
	 */
	public record Timing(double gridSeconds, double cellSeconds, double reportSeconds, double reportShare) {

		public static Timing of(double gridSeconds, double cellSeconds, double reportSeconds) {
			return new Timing(gridSeconds, cellSeconds, reportSeconds,
					(gridSeconds > 0) ? reportSeconds / gridSeconds : 0);
		}

	}

	/** Summarizes {@code reports}, one per cell in the order of {@code cells}. */
	public static GridReport of(String name, Instant startedAt, Instant finishedAt, List<CellResult> cells,
			List<ExperimentReport> reports, Timing timing) {
		Map<String, List<ExperimentReport>> byLabel = new LinkedHashMap<>();
		Map<String, CellResult> firstCells = new LinkedHashMap<>();
		for (int i = 0; i < cells.size(); i++) {
			byLabel.computeIfAbsent(cells.get(i).label(), key -> new ArrayList<>()).add(reports.get(i));
			firstCells.putIfAbsent(cells.get(i).label(), cells.get(i));
		}
		// every attack any cell ran: an output policy leaves some out of some cells
		List<String> attacks = reports.stream()
			.flatMap(report -> report.attacks().stream().map(ExperimentReport.Attack::id))
			.distinct()
			.toList();
		List<DatasetSummary> summaries = new ArrayList<>();
		byLabel.forEach((label, runs) -> {
			ExperimentReport first = runs.get(0);
			CellResult cell = firstCells.get(label);
			summaries.add(new DatasetSummary(cell.dataset(), cell.setting(), first.configuration().n(),
					(first.data() != null && !first.data().isEmpty()) ? first.data().get(0) : null,
					first.configuration(), SeedAggregate.of(runs),
					CostCurve.mean(runs.stream().map(ExperimentReport::costCurve).toList()), costs(first),
					first.notApplicable(), first.target().epsilon()));
		});
		LinkedHashSet<Map<String, Object>> machines = new LinkedHashSet<>();
		reports.forEach(report -> {
			if (report.serverCompute() != null) {
				machines.add(report.serverCompute());
			}
		});
		List<String> datasets = cells.stream().map(CellResult::dataset).distinct().toList();
		return new GridReport(name, startedAt, finishedAt, datasets, attacks,
				cells.stream().map(CellResult::seed).distinct().toList(), cells, summaries,
				PaperFigures.of(attacks, datasets), timing, ToolVersions.current(),
				List.copyOf(machines), reports.stream().allMatch(ExperimentReport::costsMatchLedger));
	}

	/** Each attack's cost alone; its credits from the cost curve's point of the same plan, where it has one. */
	private static Map<String, AttackCost> costs(ExperimentReport report) {
		Map<String, AttackCost> costs = new LinkedHashMap<>();
		for (ExperimentReport.Attack attack : report.attacks()) {
			var plan = attack.costAlone();
			BigDecimal credits = (report.costCurve() == null) ? null
					: report.costCurve().family(attack.id()).stream()
						.filter(p -> p.trainingJobs() == plan.trainingJobs() && p.queries() == plan.queries()
								&& p.uploads() == plan.uploads())
						.map(CostCurve.Point::credits)
						.findFirst()
						.orElse(null);
			costs.put(attack.id(), new AttackCost(plan.trainingJobs(), plan.queries(), credits));
		}
		return costs;
	}

	/** The summary of one dataset under one setting, by its {@link DatasetSummary#label()}. */
	public DatasetSummary summary(String label) {
		return this.summaries.stream()
			.filter(s -> s.label().equals(label))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no dataset " + label + " in this grid"));
	}

	/** The settings the grid compared, in its order; empty when it ran the command as given. */
	public List<String> settings() {
		return this.cells.stream().map(CellResult::setting).filter(java.util.Objects::nonNull).distinct().toList();
	}

}
