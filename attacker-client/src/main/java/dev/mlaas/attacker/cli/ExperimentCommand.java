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
			description = "purchase-like, fashion-mnist, breast-cancer or digits (default: ${DEFAULT-VALUE}). The last two: run scripts/fetch-sklearn-data.sh first, and take -n 142 and -n 449 at most.")
	String dataset;

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
		LabeledData data = DataSources.load(this.dataset, this.dataDir, this.dataSeed, progress);
		LabeledData shadowSource = (this.shadowDataset != null)
				? DataSources.load(this.shadowDataset, this.dataDir, this.dataSeed, progress) : null;
		List<ExperimentReport> reports = new java.util.ArrayList<>();
		Path file = null;
		for (long runSeed : runs) {
			ExperimentReport report = new MlLeaksExperiment(config(runSeed), progress).run(data, shadowSource);
			file = (this.out != null && runs.size() == 1) ? this.out
					: Path.of("reports", this.dataset + "-n" + this.n + "-seed" + runSeed + ".json");
			ReportWriter.writeJson(report, file);
			ReportWriter.printSummary(report, new java.io.PrintStream(System.out, true));
			System.out.println("  full report: " + file);
			reports.add(report);
		}
		if (runs.size() > 1) {
			dev.mlaas.attacker.report.SeedAggregate spread = dev.mlaas.attacker.report.SeedAggregate.of(reports);
			Path spreadFile = Path.of("reports", this.dataset + "-n" + this.n + "-seeds.json");
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

	private Map<String, Object> targetRecipe() {
		return this.target.recipe(DataSources.FASHION_MNIST.equals(this.dataset) ? "cnn" : "mlp");
	}

}
