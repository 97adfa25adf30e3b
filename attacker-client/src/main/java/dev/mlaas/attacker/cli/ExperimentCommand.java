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

	@Option(names = "--dataset", split = ",", defaultValue = DataSources.PURCHASE_LIKE,
			description = "purchase-like, fashion-mnist, breast-cancer or digits (default: ${DEFAULT-VALUE}), or several, comma-separated: a grid. The last two: run scripts/fetch-sklearn-data.sh first, and take -n 142 and -n 449 at most. "
					+ "Or a path: a CSV file (gzipped or not; the label in the last column unless --label-column says otherwise), or an IDX features file with --labels.")
	List<String> datasets;

	@Option(names = "--grid", description = "A grid's settings from a YAML or JSON file: this command's options "
			+ "by their long names without dashes (dataset: [purchase-like, fashion-mnist], attacks: all, seeds: 0-4, "
			+ "...). Options on the command line win over the file's.")
	Path gridFile;

	@Option(names = "--grid-name", description = "The grid report's name: reports/<name>.json and .html (default: "
			+ "the --grid file's name, else the datasets' and the records').")
	String gridName;

	@Option(names = "--reports", defaultValue = "reports", description = "Where reports go (default: ${DEFAULT-VALUE}).")
	Path reportsDir;

	@Option(names = "--cells", description = "Where a grid keeps its finished cells, each under the hash of its "
			+ "inputs, to resume from (default: cells/ in --reports).")
	Path cellsDir;

	@Option(names = "--resume", defaultValue = "true", negatable = true, fallbackValue = "true",
			description = "A grid reads the cells it finished before with the same inputs instead of computing them "
					+ "again (default); --no-resume recomputes every cell.")
	boolean resume;

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
					+ "ml-leaks-3, ml-leaks-combining, shokri, yeom, label-only-robustness, loss-threshold, lira-online, "
					+ "lira-offline, rmia "
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

	@Option(names = "--output-policy", defaultValue = "full", description = "What the victim's published target "
			+ "leaves of its posteriors: full, top-k:K, rounding:D or label-only (default: ${DEFAULT-VALUE}). Attacks "
			+ "that read more than it leaves are reported as not applicable.")
	String outputPolicy;

	@Option(names = "--attacker-knows-policy", defaultValue = "true", negatable = true, fallbackValue = "true",
			description = "The attacker puts its shadow and reference models under the target's output policy "
					+ "(default); --no-attacker-knows-policy leaves them answering in full.")
	boolean attackerKnowsPolicy;

	@Option(names = "--attacker-knows-defense", defaultValue = "true", negatable = true, fallbackValue = "true",
			description = "With the target's recipe, the attacker's shadows take its defenses too (--dropout, --l2; "
					+ "default); --no-attacker-knows-defense trains them without.")
	boolean attackerKnowsDefense;

	@Option(names = "--setting", mapFallbackValue = "", description = "A grid's defense or output-policy setting, "
			+ "repeatable: NAME=OPTIONS, the options this command takes, e.g. \"dropout-0.5=--dropout 0.5\" or "
			+ "\"top-1=--output-policy top-k:1\"; NAME alone (or NAME=) is the command as given. Each dataset and "
			+ "seed runs under every setting, and the grid page compares them: the owner's accuracy beside every "
			+ "attack's figures, and a privacy-utility plot.")
	Map<String, String> settings = new LinkedHashMap<>();

	@Mixin
	RecipeOptions target;

	@Mixin
	AttackModelOptions attackModel;

	@Mixin
	BudgetOptions spending;

	@Option(names = "--out", description = "One run's JSON report path (default: <reports>/<dataset>-n<N>-seed<seed>.json).")
	Path out;

	@Override
	public Integer call() throws Exception {
		if (this.gridFile != null) {
			return GridFile.run(this.gridFile, this.spec);
		}
		List<Long> runs = (this.seeds != null) ? seedList(this.seeds) : List.of(this.seed);
		String firstDataset = this.datasets.get(0);
		ExperimentConfig first = config(firstDataset, runs.get(0), null);
		// an unknown attack is a usage error, found before any account is made
		first.attackSettings().attacks(this.attacks, 0, 0, 1);
		if (this.spending.dryRun) {
			MlLeaksExperiment experiment = new MlLeaksExperiment(first, message -> {
			});
			int cells = runs.size() * this.datasets.size();
			BudgetOptions.printPlan(experiment.attackerPlan(), experiment.plansAlone(), first.budget(),
					"the victim's side, one upload and the target's job and its accuracy queries, is not in it"
							+ ((cells > 1) ? "; each of the " + cells + " cells spends about this" : ""));
			return 0;
		}
		Progress progress = new Progress(this.spec.commandLine().getErr());
		Map<String, LabeledData> data = new LinkedHashMap<>();
		for (String dataset : this.datasets) {
			data.put(dataset, load(dataset, this.labels, progress));
		}
		LabeledData shadowSource = (this.shadowDataset != null) ? load(this.shadowDataset, null, progress) : null;
		if (this.datasets.size() == 1 && runs.size() == 1 && this.gridName == null && this.settings.isEmpty()) {
			return single(runs.get(0), data.get(firstDataset), shadowSource, progress);
		}
		if (this.cellsDir == null) {
			this.cellsDir = this.reportsDir.resolve("cells");
		}
		return new GridRun(this, data, shadowSource, runs).run(progress);
	}

	/** One dataset, one seed: the run's report, plots and page under reports/, nothing kept to resume. */
	private int single(long runSeed, LabeledData data, LabeledData shadowSource, Progress progress) throws Exception {
		String dataset = this.datasets.get(0);
		ExperimentReport report = new MlLeaksExperiment(config(dataset, runSeed, data), progress).run(data,
				shadowSource);
		Path file = (this.out != null) ? this.out : this.reportsDir.resolve(cellStem(dataset, runSeed) + ".json");
		ReportWriter.writeJson(report, file);
		ReportWriter.printSummary(report, new java.io.PrintStream(System.out, true));
		System.out.println("  full report: " + file);
		System.out.println("  one page: " + dev.mlaas.attacker.report.HtmlReport.writeWithPlots(report, file) + " (with its ROC curves and cost curve)");
		if (!report.costsMatchLedger()) {
			this.spec.commandLine().getErr().println("error: the client's cost count disagrees with the service's ledger");
			return AttackerCli.EXIT_LEDGER_MISMATCH;
		}
		return 0;
	}

	/** The configuration of one cell; {@code loaded} (or null) picks the default architecture by its shape. */
	ExperimentConfig config(String dataset, long runSeed, LabeledData loaded) {
		return new ExperimentConfig(this.server, dataset, this.dataDir, this.dataSeed, this.n, runSeed,
				targetRecipe(dataset, loaded), this.attackerKnowsRecipe, this.attackModel.settings(), this.queryBatch,
				this.timeShadowAlone,
				this.attacks, this.references, this.spending.budget(this.server), this.shadowDataset,
				this.shadowHiddenUnits, this.outputPolicy, this.attackerKnowsPolicy, this.attackerKnowsDefense);
	}

	/**
	 * This command with a setting's options after its own, so that they win; {@code null} or blank options give the
	 * command as it is. The setting's options are split at white space.
	 */
	ExperimentCommand withSetting(String options) {
		if (options == null || options.isBlank()) {
			return this;
		}
		List<String> given = new java.util.ArrayList<>(this.spec.commandLine().getParseResult().originalArgs());
		int subcommand = given.indexOf(this.spec.name());
		if (subcommand >= 0) {
			given = new java.util.ArrayList<>(given.subList(subcommand + 1, given.size()));
		}
		List<String> args = new java.util.ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			String arg = given.get(i);
			if (arg.equals("--setting") || arg.equals("--grid")) {
				i++;
			}
			else if (!arg.startsWith("--setting=") && !arg.startsWith("--grid=")) {
				args.add(arg);
			}
		}
		args.addAll(List.of(options.strip().split("\\s+")));
		ExperimentCommand derived = new ExperimentCommand();
		picocli.CommandLine cli = new picocli.CommandLine(derived);
		try {
			cli.parseArgs(args.toArray(String[]::new));
		}
		catch (picocli.CommandLine.ParameterException ex) {
			throw new IllegalArgumentException("--setting '" + options + "': " + ex.getMessage());
		}
		derived.spec = cli.getCommandSpec();
		derived.cellsDir = this.cellsDir;
		return derived;
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
	static String stem(String dataset) {
		return DataSources.BUILT_IN.contains(dataset) ? dataset
				: Path.of(dataset).getFileName().toString().replaceAll("(\\.(csv|gz|idx|ubyte))+$", "");
	}

	/** A cell's report files' stem: {@code <dataset>-n<N>-seed<seed>}. */
	String cellStem(String dataset, long runSeed) {
		return stem(dataset) + "-n" + this.n + "-seed" + runSeed;
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

	private Map<String, Object> targetRecipe(String dataset, LabeledData loaded) {
		int[] shape = (loaded != null) ? loaded.recordShape() : null;
		boolean images = DataSources.FASHION_MNIST.equals(dataset)
				|| (shape != null && shape.length == 2 && shape[0] >= 12 && shape[1] >= 12);
		return this.target.recipe(images ? "cnn" : "mlp");
	}

}
