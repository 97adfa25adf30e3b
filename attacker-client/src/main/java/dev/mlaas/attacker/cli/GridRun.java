package dev.mlaas.attacker.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.experiment.ExperimentConfig;
import dev.mlaas.attacker.experiment.MlLeaksExperiment;
import dev.mlaas.attacker.grid.Cell;
import dev.mlaas.attacker.grid.CellStore;
import dev.mlaas.attacker.grid.Grid;
import dev.mlaas.attacker.report.CostCurvePlots;
import dev.mlaas.attacker.report.ExperimentReport;
import dev.mlaas.attacker.report.GridHtml;
import dev.mlaas.attacker.report.GridReport;
import dev.mlaas.attacker.report.HtmlReport;
import dev.mlaas.attacker.report.PrivacyUtilityPlots;
import dev.mlaas.attacker.report.ReportWriter;
import dev.mlaas.attacker.report.RocPlots;
import dev.mlaas.attacker.report.ToolVersions;

/**
 * {@code experiment} over several datasets or seeds: the grid's cells run (or are read back) one by one, each cell's
 * report and page are kept under {@code --cells}, and the grid's JSON report and one HTML page go to
 * {@code reports/<name>}. Times the report writing against the whole, the grid benchmark's figure.
 */
final class GridRun {

	private final ExperimentCommand command;

	private final Map<String, LabeledData> data;

	private final LabeledData shadowSource;

	private final List<Long> seeds;

	private final CellStore store;

	private final PrintStream out = new PrintStream(System.out, true);

	private final Map<Cell, ExperimentConfig> configs = new LinkedHashMap<>();

	private final List<GridReport.CellResult> cells = new ArrayList<>();

	/** Writing the cells' pages and the grid's plots, timed against the whole (the grid benchmark's figure). */
	private double reportSeconds;

	GridRun(ExperimentCommand command, Map<String, LabeledData> data, LabeledData shadowSource, List<Long> seeds) {
		this.command = command;
		this.data = data;
		this.shadowSource = shadowSource;
		this.seeds = seeds;
		this.store = new CellStore(command.cellsDir);
	}

	/**
	 * What decides a cell's figures, and so files it: the configuration without where the service is or what the
	 * attacker may spend (neither changes a figure), the data's SHA-256 and the client's version.
	 */
	static Map<String, Object> inputs(ExperimentConfig config, String dataSha256, String shadowDataSha256) {
		Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("configuration", new ExperimentConfig(null, config.dataset(), null, config.dataSeed(), config.n(),
				config.seed(), config.targetRecipe(), config.attackerKnowsRecipe(), config.attackSettings(),
				config.queryBatchSize(), config.timeShadowAlone(), config.attacks(), config.referenceModels(), null,
				config.shadowDataset(), config.shadowHiddenUnits(), config.targetOutputPolicy(),
				config.attackerKnowsPolicy(), config.attackerKnowsDefense()));
		inputs.put("data", dataSha256);
		inputs.put("shadowData", shadowDataSha256);
		inputs.put("attackerClient", ToolVersions.current().get("attackerClient"));
		return inputs;
	}

	int run(Progress progress) throws Exception {
		Instant started = Instant.now();
		List<Grid.Finished> finished = runCells(plan(), progress);
		return writeGrid(started, finished);
	}

	/**
	 * Each dataset's cells, setting by setting and seed by seed, with the configuration and the inputs' hash of each
	 * (the setting's name is not an input: two names for the same options share their cells).
	 */
	private List<Grid.Planned> plan() {
		String shadowSha = (this.shadowSource != null) ? sha256("shadow", this.shadowSource) : null;
		Map<String, String> settings = new LinkedHashMap<>(this.command.settings);
		if (settings.isEmpty()) {
			settings.put(null, null);
		}
		Map<String, ExperimentCommand> commands = new LinkedHashMap<>();
		settings.forEach((name, options) -> commands.put(name, this.command.withSetting(options)));
		List<Grid.Planned> plans = new ArrayList<>();
		for (Map.Entry<String, LabeledData> dataset : this.data.entrySet()) {
			String sha = sha256(dataset.getKey(), dataset.getValue());
			for (Map.Entry<String, ExperimentCommand> setting : commands.entrySet()) {
				for (long seed : this.seeds) {
					Cell cell = new Cell(dataset.getKey(), seed, setting.getKey());
					ExperimentConfig config = setting.getValue().config(dataset.getKey(), seed, dataset.getValue());
					this.configs.put(cell, config);
					plans.add(new Grid.Planned(cell, this.command.cellStem(dataset.getKey(), seed),
							CellStore.hash(inputs(config, sha, shadowSha)), attackIds(config)));
				}
			}
		}
		return plans;
	}

	/**
	 * Computes or reads back every cell, writing each one's page as it is kept; says how many were kept when the
	 * grid stops early, by an error or a signal.
	 */
	private List<Grid.Finished> runCells(List<Grid.Planned> plans, Progress progress) throws Exception {
		AtomicInteger kept = new AtomicInteger();
		Thread stopped = new Thread(() -> System.err.printf(Locale.ROOT, "%nstopped: %d of %d cells are kept in %s; "
				+ "the same command resumes after them%n", kept.get(), plans.size(), this.command.cellsDir));
		Runtime.getRuntime().addShutdownHook(stopped);
		java.io.PrintWriter err = this.command.spec.commandLine().getErr();
		// the grid's lines carry their own times
		Consumer<String> lines = line -> {
			err.println(line);
			err.flush();
		};
		try {
			return new Grid(this.store, this.command.resume, lines).run(plans,
					(cell, steps) -> new MlLeaksExperiment(this.configs.get(cell), steps)
						.run(this.data.get(cell.dataset()), this.shadowSource),
					done -> {
						kept.incrementAndGet();
						this.cells.add(cellPage(done));
						printCell(this.out, done);
					});
		}
		catch (Exception ex) {
			progress.accept("the grid stopped: " + kept.get() + " of " + plans.size() + " cells are kept in "
					+ this.command.cellsDir + "; the same command resumes after them");
			throw ex;
		}
		finally {
			Runtime.getRuntime().removeShutdownHook(stopped);
		}
	}

	/** Writes a cell's page and plots beside its kept report (unless a read-back cell has them already). */
	private GridReport.CellResult cellPage(Grid.Finished done) {
		Instant writing = Instant.now();
		Path json = this.store.file(done.plan().stem(), done.plan().inputsHash());
		Path page = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", ".html"));
		try {
			if (!done.reused() || !Files.isRegularFile(page)) {
				HtmlReport.writeWithPlots(done.report(), json);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.reportSeconds += seconds(writing);
		// a cell read back took its report's own time when it was computed
		double seconds = done.reused()
				? Duration.between(done.report().startedAt(), done.report().finishedAt()).toMillis() / 1000.0
				: done.seconds();
		return new GridReport.CellResult(done.plan().cell().dataset(), done.plan().cell().seed(),
				done.plan().cell().setting(), done.plan().inputsHash(), done.reused(), seconds, relative(json),
				relative(page));
	}

	/** The grid's plots, page and JSON report, and its summary on stdout. */
	private int writeGrid(Instant started, List<Grid.Finished> finished) throws java.io.IOException {
		Instant writing = Instant.now();
		String name = name();
		Path dir = this.command.reportsDir;
		List<ExperimentReport> reports = finished.stream().map(Grid.Finished::report).toList();
		Map<String, ExperimentReport> firsts = new LinkedHashMap<>();
		for (int i = 0; i < finished.size(); i++) {
			firsts.putIfAbsent(this.cells.get(i).label(), reports.get(i));
		}
		double cellSeconds = finished.stream().mapToDouble(Grid.Finished::seconds).sum();
		Map<String, List<Path>> plots = new LinkedHashMap<>();
		GridReport draft = GridReport.of(name, started, Instant.now(), this.cells, reports, null);
		for (GridReport.DatasetSummary summary : draft.summaries()) {
			String stem = name + "-" + ExperimentCommand.stem(summary.dataset())
					+ ((summary.setting() != null) ? "-" + summary.setting().replaceAll("[^A-Za-z0-9.+-]", "_") : "");
			ExperimentReport first = firsts.get(summary.label());
			List<Path> files = new ArrayList<>(RocPlots.write(summary.label() + ", N = " + summary.n() + ", seed "
					+ first.seeds().experiment(), first.attacks(), summary.n(), summary.n(), dir, stem));
			files.addAll(CostCurvePlots.write(summary.label() + ", N = " + summary.n() + ", mean of "
					+ this.seeds.size() + " seeds", summary.costCurve(), dir, stem));
			plots.put(summary.label(), files);
		}
		if (!draft.settings().isEmpty()) {
			for (String dataset : draft.datasets()) {
				plots.put(GridHtml.PRIVACY_UTILITY + dataset,
						PrivacyUtilityPlots.write(dataset + ", mean of " + this.seeds.size() + " seeds",
								PrivacyUtilityPlots.points(draft, dataset), dir, name + "-" + ExperimentCommand.stem(dataset)));
			}
		}
		this.reportSeconds += seconds(writing);
		GridReport grid = GridReport.of(name, started, Instant.now(), this.cells, reports,
				GridReport.Timing.of(seconds(started), cellSeconds, this.reportSeconds));
		Instant page = Instant.now();
		Path html = GridHtml.write(grid, plots, firsts, dir);
		Path json = dir.resolve(name + ".json");
		ReportWriter.writeJson(grid, json);
		double writingSeconds = this.reportSeconds + seconds(page);

		for (GridReport.DatasetSummary summary : grid.summaries()) {
			this.out.println();
			this.out.println(summary.label() + ":");
			summary.spread().print(this.out);
		}
		long reused = this.cells.stream().filter(GridReport.CellResult::reused).count();
		double total = seconds(started);
		this.out.printf(Locale.ROOT, "%ngrid: %d cells, %d computed, %d read back from %s; %.0f s in all, %.0f s "
				+ "computing cells, %.1f s writing reports (%.2f%%)%n", this.cells.size(), this.cells.size() - reused,
				reused, this.command.cellsDir, total, cellSeconds, writingSeconds, 100 * writingSeconds / total);
		this.out.println("  grid report: " + json);
		this.out.println("  one page: " + html);
		if (!grid.costsMatchLedger()) {
			this.command.spec.commandLine().getErr()
				.println("error: the client's cost count disagrees with the service's ledger in some cell");
			return AttackerCli.EXIT_LEDGER_MISMATCH;
		}
		return 0;
	}

	private static void printCell(PrintStream out, Grid.Finished done) {
		ExperimentReport report = done.report();
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s%s: target gap %.3f;",
				done.plan().cell(), done.reused() ? " (read back)" : "", report.target().gap()));
		for (ExperimentReport.Attack attack : report.attacks()) {
			line.append(String.format(Locale.ROOT, " %s AUC %.3f", attack.id(), attack.metrics().auc()));
		}
		out.println(line);
	}

	/** The grid's name: given, or from the datasets, the records and the seeds. */
	private String name() {
		if (this.command.gridName != null) {
			return this.command.gridName;
		}
		return String.join("+", this.data.keySet().stream().map(ExperimentCommand::stem).toList()) + "-n"
				+ this.command.n + "-seeds" + GridHtml.seedText(this.seeds).replace(", ", ",");
	}

	/** The ids of the attacks a cell's configuration names ({@code all} spelled out as this client has it). */
	private static java.util.Set<String> attackIds(ExperimentConfig config) {
		return config.attackSettings()
			.attacks(config.attacks(), 0, 0, config.referenceModels())
			.stream()
			.map(dev.mlaas.attacker.attack.MembershipAttack::id)
			.collect(java.util.stream.Collectors.toSet());
	}

	private static String sha256(String name, LabeledData data) {
		return DataFiles.ofRecords(name, data).sha256().get(0);
	}

	/** A cell's file as the grid's page (in the reports' folder) links to it. */
	private String relative(Path file) {
		Path reports = this.command.reportsDir.toAbsolutePath();
		Path absolute = file.toAbsolutePath();
		return absolute.startsWith(reports) ? reports.relativize(absolute).toString() : absolute.toUri().toString();
	}

	private static double seconds(Instant since) {
		return Duration.between(since, Instant.now()).toMillis() / 1000.0;
	}

}
