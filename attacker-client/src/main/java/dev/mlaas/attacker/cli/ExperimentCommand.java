package dev.mlaas.attacker.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.experiment.DataSources;
import dev.mlaas.attacker.experiment.ExperimentConfig;
import dev.mlaas.attacker.experiment.MlLeaksExperiment;
import dev.mlaas.attacker.report.ExperimentReport;
import dev.mlaas.attacker.report.ReportWriter;

/** {@code experiment}: the ML-Leaks protocol with a victim and an attacker account on one running service. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
		description = { "Plays victim and attacker on one service and scores membership-inference attacks.",
				"The victim trains and publishes a target; the attacker knows only its id and its own data." })
class ExperimentCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--server", defaultValue = "http://localhost:8080", description = "Service URL (default: ${DEFAULT-VALUE}).")
	URI server;

	@Option(names = "--dataset", defaultValue = DataSources.PURCHASE_LIKE,
			description = "purchase-like, fashion-mnist, breast-cancer or digits (default: ${DEFAULT-VALUE}). The last two: run scripts/fetch-sklearn-data.sh first, and take -n 142 and -n 449 at most. "
					+ "Or a path: a CSV file (gzipped or not; the label in the last column unless --label-column says otherwise), or an IDX features file with --labels.")
	String dataset;

	@Option(names = "--labels", description = "The IDX labels file of an IDX --dataset.")
	Path labels;

	@Option(names = "--label-column", defaultValue = "-1", description = "The label's 0-based column in a CSV --dataset (default: the last).")
	int labelColumn;

	@Option(names = "--scale", description = "Divide every feature of a --dataset file by this (255 for pixels).")
	Float scale;

	@Option(names = "--data-dir", defaultValue = "data", description = "Where datasets live (default: ${DEFAULT-VALUE}).")
	Path dataDir;

	@Option(names = "--data-seed", defaultValue = "0", description = "Seed of the generated Purchase-like data (default: ${DEFAULT-VALUE}).")
	long dataSeed;

	@Option(names = { "-n", "--records" }, defaultValue = "2500",
			description = "Records in each of target in/out and shadow in/out (default: ${DEFAULT-VALUE}).")
	int n;

	@Option(names = "--seed", defaultValue = "0", description = "Experiment seed: split, trainings, attack model (default: ${DEFAULT-VALUE}).")
	long seed;


	@Option(names = "--attacker-knows-recipe", defaultValue = "true", negatable = true, fallbackValue = "true",
			description = "Adversary 1 trains its shadow with the target's recipe (default); --no-attacker-knows-recipe asks the service for its default recipe instead.")
	boolean attackerKnowsRecipe;

	@Option(names = "--query-batch", defaultValue = "1000", description = "Instances per /predict request (default: ${DEFAULT-VALUE}).")
	int queryBatch;

	@Option(names = "--time-shadow-alone", description = "After the attack, train the attacker's shadow job again "
			+ "from a third account with nothing else running, and report the attack's wall time against that "
			+ "undisturbed job too: on a machine the service shares with the attacker, the attack's own work slows "
			+ "the shadow job it is measured against.")
	boolean timeShadowAlone;

	@Option(names = "--attacks", split = ",", defaultValue = "ml-leaks-1",
			description = "Attacks to run on the one target, comma-separated, or all: ml-leaks-1, ml-leaks-2, "
					+ "ml-leaks-3, ml-leaks-combining, shokri, yeom, loss-threshold, lira-online, lira-offline, rmia "
					+ "(default: ${DEFAULT-VALUE}). They share the target's answers, the shadow and the reference "
					+ "models.")
	List<String> attacks;

	@Option(names = "--references", defaultValue = "16",
			description = "Reference (shadow) models for LiRA and RMIA, each a training job (default: ${DEFAULT-VALUE}).")
	int references;


	@Option(names = "--shadow-dataset", description = "Take the attacker's own data from this dataset instead of the "
			+ "target's (ML-Leaks adversary 2, --attacks ml-leaks-2): the shadow trains on another distribution.")
	String shadowDataset;

	@Option(names = "--seeds", description = "Run once per seed and report mean ± sample std: a range (0-4) or a list "
			+ "(0,2,5). Each run's report is written as with --seed; the spread goes to <report>-seeds.json.")
	String seeds;

	@Option(names = "--shadow-hidden-units", split = ",", description = "The shadow's hidden layers, where they "
			+ "should differ from the target's (ML-Leaks' robustness check: half or double).")
	List<Integer> shadowHiddenUnits;

	@Mixin
	RecipeOptions target;

	@Mixin
	AttackModelOptions attackModel;

	@Mixin
	BudgetOptions spending;

	@Option(names = "--out", description = "JSON report path (default: reports/<dataset>-n<N>-seed<seed>.json).")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<Long> runs = (this.seeds != null) ? seedList(this.seeds) : List.of(this.seed);
		ExperimentConfig first = config(runs.get(0));
		// an unknown attack is a usage error, found before any account is made
		first.attackSettings().attacks(this.attacks, 0, 0, 1);
		if (this.spending.dryRun) {
			MlLeaksExperiment experiment = new MlLeaksExperiment(first, message -> {
			});
			BudgetOptions.printPlan(experiment.attackerPlan(), experiment.plansAlone(), first.budget(),
					"the victim's side, one upload and the target's job and its accuracy queries, is not in it"
							+ ((runs.size() > 1) ? "; each of the " + runs.size() + " seeds spends this" : ""));
			return 0;
		}
		Progress progress = new Progress(this.spec.commandLine().getErr());
		LabeledData data = load(this.dataset, this.labels, progress);
		LabeledData shadowSource = (this.shadowDataset != null) ? load(this.shadowDataset, null, progress) : null;
		this.loadedShape = data.recordShape();
		List<ExperimentReport> reports = new java.util.ArrayList<>();
		Path file = null;
		for (long runSeed : runs) {
			ExperimentReport report = new MlLeaksExperiment(config(runSeed), progress).run(data, shadowSource);
			file = (this.out != null && runs.size() == 1) ? this.out
					: Path.of("reports", reportStem() + "-n" + this.n + "-seed" + runSeed + ".json");
			ReportWriter.writeJson(report, file);
			List<Path> plots = dev.mlaas.attacker.report.RocPlots.write(report, file);
			ReportWriter.printSummary(report, new java.io.PrintStream(System.out, true));
			System.out.println("  full report: " + file);
			System.out.println("  ROC curves: " + plots.get(0) + ", log-log " + plots.get(1));
			List<Path> cost = dev.mlaas.attacker.report.CostCurvePlots.write(report, file);
			if (!cost.isEmpty()) {
				System.out.println("  cost curve: " + cost.get(0) + ", " + cost.get(1));
			}
			List<Path> images = new java.util.ArrayList<>(plots);
			images.addAll(cost);
			System.out.println("  one page: " + dev.mlaas.attacker.report.HtmlReport.write(report, file, images));
			reports.add(report);
		}
		if (runs.size() > 1) {
			dev.mlaas.attacker.report.SeedAggregate spread = dev.mlaas.attacker.report.SeedAggregate.of(reports);
			Path spreadFile = Path.of("reports", reportStem() + "-n" + this.n + "-seeds.json");
			ReportWriter.writeJson(spread, spreadFile);
			spread.print(new java.io.PrintStream(System.out, true));
			System.out.println("  spread over the seeds: " + spreadFile);
		}
		if (!reports.stream().allMatch(ExperimentReport::costsMatchLedger)) {
			this.spec.commandLine().getErr().println("error: the client's cost count disagrees with the service's ledger");
			return AttackerCli.EXIT_LEDGER_MISMATCH;
		}
		return 0;
	}

	private ExperimentConfig config(long runSeed) {
		return new ExperimentConfig(this.server, this.dataset, this.dataDir, this.dataSeed, this.n, runSeed,
				targetRecipe(), this.attackerKnowsRecipe, this.attackModel.settings(), this.queryBatch,
				this.timeShadowAlone,
				this.attacks, this.references, this.spending.budget(this.server), this.shadowDataset,
				this.shadowHiddenUnits);
	}

	/** "0-4" or "0,2,5". */
	static List<Long> seedList(String text) {
		try {
			if (text.matches("\\d+-\\d+")) {
				long from = Long.parseLong(text.substring(0, text.indexOf('-')));
				long to = Long.parseLong(text.substring(text.indexOf('-') + 1));
				if (to < from) {
					throw new IllegalArgumentException("--seeds " + text + ": the range ends before it starts");
				}
				return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
			}
			return java.util.Arrays.stream(text.split(",")).map(String::strip).map(Long::parseLong).toList();
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--seeds takes a range (0-4) or a list (0,2,5), not '" + text + "'");
		}
	}

	/** The dataset's name, or its file's name without extensions, for report files. */
	private String reportStem() {
		return DataSources.BUILT_IN.contains(this.dataset) ? this.dataset
				: Path.of(this.dataset).getFileName().toString().replaceAll("(\\.(csv|gz|idx|ubyte))+$", "");
	}

	/** A built-in dataset by name, or a data file by path. */
	private LabeledData load(String name, Path idxLabels, Progress progress) throws java.io.IOException {
		if (DataSources.BUILT_IN.contains(name)) {
			return DataSources.load(name, this.dataDir, this.dataSeed, progress);
		}
		Path file = Path.of(name);
		if (!java.nio.file.Files.isRegularFile(file)) {
			throw new IllegalArgumentException("'" + name + "' is neither a built-in dataset ("
					+ String.join(", ", DataSources.BUILT_IN) + ") nor a file");
		}
		return dev.mlaas.attacker.data.DataFiles.load(file, idxLabels, this.labelColumn, this.scale).data();
	}

	/** The shape of the loaded dataset's records, which picks the default architecture; null before loading. */
	private int[] loadedShape;

	private Map<String, Object> targetRecipe() {
		boolean images = DataSources.FASHION_MNIST.equals(this.dataset) || (this.loadedShape != null
				&& this.loadedShape.length == 2 && this.loadedShape[0] >= 12 && this.loadedShape[1] >= 12);
		return this.target.recipe(images ? "cnn" : "mlp");
	}

}
