package dev.mlaas.attacker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.mlaas.attacker.attack.AttackSettings;
import dev.mlaas.attacker.attack.AttackOutcome;
import dev.mlaas.attacker.attack.Attacks;
import dev.mlaas.attacker.attack.FeatureDomain;
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.attack.Observations;
import dev.mlaas.attacker.attack.Observer;
import dev.mlaas.attacker.attack.ShadowSource;
import dev.mlaas.attacker.attack.TargetModel;
import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.experiment.Seeds;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.Budget;
import dev.mlaas.attacker.http.BudgetExceededException;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.metrics.ConfusionMatrix;
import dev.mlaas.attacker.metrics.MembershipMetrics;
import dev.mlaas.attacker.metrics.RocCurve;
import dev.mlaas.attacker.report.ReportWriter;
import dev.mlaas.attacker.report.ToolVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attack}: the real use. Against a model of a running service that the attacker can only query, with the
 * attacker's own data for shadows and the records to judge; ground truth only if the user has it.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
		description = { "Runs membership-inference attacks on a model of a running service, through its API only.",
				"The API key comes from the environment variable MLAAS_API_KEY or --api-key-file; it is never printed." })
class AttackCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--server", defaultValue = "http://localhost:8080", description = "Service URL (default: ${DEFAULT-VALUE}).")
	URI server;

	@Option(names = "--api-key-file", description = "A file holding the API key (else MLAAS_API_KEY).")
	Path apiKeyFile;

	@Option(names = "--model", required = true, description = "The id of the model under attack.")
	long model;

	@Option(names = "--attack", split = ",", defaultValue = "ml-leaks-1",
			description = "Attack ids, comma-separated, or all (default: ${DEFAULT-VALUE}).")
	List<String> attacks;

	@Option(names = "--shadow-data", required = true,
			description = "The attacker's own records: a CSV file, or an IDX features file with --shadow-labels.")
	Path shadowData;

	@Option(names = "--shadow-labels", description = "IDX labels of --shadow-data.")
	Path shadowLabels;

	@Option(names = "--candidates", required = true,
			description = "The records to judge: a CSV file, or an IDX features file with --candidate-labels.")
	Path candidates;

	@Option(names = "--candidate-labels", description = "IDX labels of --candidates.")
	Path candidateLabels;

	@Option(names = "--ground-truth", description = "One 0 or 1 per candidate, a line each: metrics are then reported.")
	Path groundTruth;

	@Option(names = "--label-column", defaultValue = "-1",
			description = "The CSV files' label column, 0-based (default: the last).")
	int labelColumn;

	@Option(names = "--scale", description = "Divide every feature by this (255 for pixels).")
	Float scale;

	@Option(names = "--feature-domain", description = "binary, unit or unknown: the input's bounds, for ml-leaks-3's "
			+ "random points (default: binary when every value is 0 or 1, else unknown).")
	String featureDomain;

	@Option(names = "--references", defaultValue = "16", description = "Reference models for LiRA and RMIA (default: ${DEFAULT-VALUE}).")
	int references;

	@Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--query-batch", defaultValue = "1000", description = "Instances per /predict request (default: ${DEFAULT-VALUE}).")
	int queryBatch;

	@Mixin
	RecipeOptions shadowRecipe;

	@Mixin
	BudgetOptions spending;

	@Mixin
	AttackModelOptions attackModel;

	@Option(names = "--out", defaultValue = "reports", description = "Output folder (default: ${DEFAULT-VALUE}).")
	Path out;

	@Override
	public Integer call() throws IOException {
		Progress progress = new Progress(this.spec.commandLine().getErr());
		Seeds seeds = Seeds.from(this.seed);
		AttackSettings settings = this.attackModel.settings();
		List<MembershipAttack> attacks = settings.attacks(this.attacks, seeds.attackModel(), seeds.attacks(),
				this.references);
		DataFiles.Loaded shadow = DataFiles.load(this.shadowData, this.shadowLabels, this.labelColumn, this.scale);
		DataFiles.Loaded judged = DataFiles.load(this.candidates, this.candidateLabels, this.labelColumn, this.scale);
		boolean[] members = (this.groundTruth != null) ? groundTruth(this.groundTruth, judged.data().size()) : null;
		FeatureDomain domain = domain(judged);
		Map<String, Object> recipe = new LinkedHashMap<>(this.shadowRecipe.recipe("auto"));
		recipe.put("seed", seeds.shadowTraining());

		ShadowSource source = settings.source();
		MembershipAttack.Plan plan = settings.plan(attacks, judged.data().size(), shadow.data().size(), domain);
		Map<String, MembershipAttack.Plan> alone = new LinkedHashMap<>();
		attacks.forEach(attack -> alone.put(attack.id(),
				Attacks.runPlan(List.of(attack), judged.data().size(), shadow.data().size(), domain)));
		Budget budget = this.spending.budget(this.server);
		if (this.spending.dryRun) {
			BudgetOptions.printPlan(plan, alone, budget, null);
			return 0;
		}
		budget.exceededBy(plan.uploads(), plan.trainingJobs(), plan.queries()).ifPresent(over -> {
			throw new BudgetExceededException("The plan is over its budget: " + over);
		});

		MlaasClient client = new MlaasClient(this.server, apiKey()).withBudget(budget)
			.onWait(wait -> progress.accept("attacker: " + wait));
		Api.Model target = client.model(this.model);
		if (target.features() != judged.data().numFeatures()) {
			throw new IllegalArgumentException("model " + this.model + " takes " + target.features()
					+ " features; the candidates have " + judged.data().numFeatures());
		}
		Instant started = Instant.now();
		TargetModel targetModel = TargetModel.of(client, this.model, this.queryBatch);
		Map<String, Object> sourceDetails = new LinkedHashMap<>();
		Files.createDirectories(this.out);
		List<Map<String, Object>> results = new ArrayList<>();
		Map<String, Object> observed = new LinkedHashMap<>();
		String stopped = null;
		try {
			LabeledData own = shadow.data();
			if (!(source instanceof ShadowSource.Real)) {
				progress.accept("attacker: making its shadow data (" + source.id() + ")");
				own = source.make(own, domain, targetModel, seeds.shadowSource(), sourceDetails);
			}
			Observations observations = new Observer(client, own, recipe, seeds.shadowSplit(), progress).observe(
					targetModel, judged.data(), domain, attacks.stream().anyMatch(MembershipAttack::needsShadow),
					Attacks.subShadows(attacks), Attacks.referenceNeeds(attacks), seeds.references());
			observed.putAll(observations.details());
			for (MembershipAttack attack : attacks) {
				progress.accept("attacker: " + attack.id());
				results.add(judge(attack, attack.attack(observations), members, alone.get(attack.id())));
			}
		}
		catch (BudgetExceededException ex) {
			// the service charged more than planned: stop, and say what was done and spent up to here
			stopped = ex.getMessage();
			progress.accept("attacker: stopped: " + stopped);
		}
		observed.put("shadowSource", source.id());
		observed.putAll(sourceDetails);
		Api.Totals ledger = client.usage().totals();
		MlaasClient.Counted counted = client.counted();
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("startedAt", started);
		report.put("finishedAt", Instant.now());
		report.put("server", this.server.toString());
		report.put("model", this.model);
		report.put("seeds", seeds);
		report.put("shadowRecipe", recipe);
		report.put("featureDomain", domain.name().toLowerCase(Locale.ROOT));
		report.put("shadowData", shadow.description());
		report.put("candidates", judged.description());
		report.put("groundTruth", (this.groundTruth != null) ? this.groundTruth.toString() : null);
		report.put("plan", plan);
		report.put("cost", Map.of("queries", counted.queries(), "trainingJobs", counted.trainingJobs(), "uploads",
				counted.uploads(), "ledger", ledger, "matchesLedger", counted.queries() == ledger.queries()
						&& counted.trainingJobs() == ledger.trainingJobs() && counted.uploads() == ledger.uploads()));
		report.put("observation", observed);
		report.put("attacks", results);
		report.put("stoppedByBudget", stopped);
		report.put("versions", ToolVersions.current());
		report.put("serverCompute", client.serverCompute());
		Path json = this.out.resolve("attack-report.json");
		ReportWriter.writeJson(report, json);
		printSummary(System.out, results, counted, ledger, json);
		if (stopped != null) {
			this.spec.commandLine().getErr().println("error: stopped before the end, over budget: " + stopped
					+ "; the partial report is " + json);
			return AttackerCli.EXIT_OVER_BUDGET;
		}
		return 0;
	}

	/** One attack's decisions file and its part of the report (with metrics when the ground truth is known). */
	private Map<String, Object> judge(MembershipAttack attack, AttackOutcome outcome, boolean[] members,
			MembershipAttack.Plan alone) throws IOException {
		Path decisions = this.out.resolve(attack.id() + "-decisions.csv");
		writeDecisions(decisions, outcome);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("id", attack.id());
		result.put("decisions", decisions.toString());
		result.put("membersDecided", (outcome.decisions() == null) ? null : count(outcome.decisions()));
		result.put("costAlone", alone);
		result.put("details", outcome.details());
		if (members != null) {
			RocCurve roc = RocCurve.of(outcome.scores(), members);
			result.put("metrics", (outcome.decisions() != null)
					? MembershipMetrics.from(roc, ConfusionMatrix.of(outcome.decisions(), members))
					: MembershipMetrics.rankingOnly(roc));
		}
		return result;
	}

	private String apiKey() throws IOException {
		String key = (this.apiKeyFile != null) ? Files.readString(this.apiKeyFile).strip() : System.getenv("MLAAS_API_KEY");
		if (key == null || key.isBlank()) {
			throw new IllegalArgumentException("no API key: set MLAAS_API_KEY or give --api-key-file");
		}
		return key;
	}

	private FeatureDomain domain(DataFiles.Loaded candidates) {
		if (this.featureDomain == null) {
			return FeatureDomain.inferred(candidates.data().features());
		}
		return switch (this.featureDomain) {
			case "binary" -> FeatureDomain.BINARY;
			case "unit" -> FeatureDomain.UNIT_INTERVAL;
			case "unknown" -> FeatureDomain.UNKNOWN;
			default -> throw new IllegalArgumentException("--feature-domain is binary, unit or unknown");
		};
	}

	private static boolean[] groundTruth(Path file, int candidates) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
			.map(String::strip)
			.filter(line -> !line.isEmpty())
			.toList();
		if (lines.size() != candidates) {
			throw new IllegalArgumentException(file + " has " + lines.size() + " values for " + candidates + " candidates");
		}
		boolean[] members = new boolean[candidates];
		for (int i = 0; i < candidates; i++) {
			switch (lines.get(i)) {
				case "1" -> members[i] = true;
				case "0" -> members[i] = false;
				default -> throw new IllegalArgumentException(file + ", line " + (i + 1) + ": '" + lines.get(i)
						+ "' is not 0 or 1");
			}
		}
		return members;
	}

	private static void writeDecisions(Path file, AttackOutcome outcome) throws IOException {
		try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
			writer.println("index,score,decision");
			for (int i = 0; i < outcome.scores().length; i++) {
				String decision = (outcome.decisions() == null) ? "" : (outcome.decisions()[i] ? "1" : "0");
				writer.printf(Locale.ROOT, "%d,%s,%s%n", i, outcome.scores()[i], decision);
			}
		}
	}

	private static long count(boolean[] decisions) {
		long members = 0;
		for (boolean decision : decisions) {
			members += decision ? 1 : 0;
		}
		return members;
	}

	private static String fourDigits(Double value) {
		return (value == null) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
	}

	private static void printSummary(PrintStream out, List<Map<String, Object>> results, MlaasClient.Counted counted,
			Api.Totals ledger, Path json) {
		for (Map<String, Object> result : results) {
			out.printf(Locale.ROOT, "%-15s members decided: %s; decisions in %s%n", result.get("id"),
					(result.get("membersDecided") != null) ? result.get("membersDecided") : "n/a (no threshold)",
					result.get("decisions"));
			if (result.get("metrics") instanceof MembershipMetrics m) {
				out.printf(Locale.ROOT, "%-15s AUC %.4f, TPR %.4f at 1%% FPR and %.4f at 0.1%%; precision %s, recall %s%n",
						"", m.auc(), m.tprAt1PercentFpr(), m.tprAt01PercentFpr(), fourDigits(m.precision()),
						fourDigits(m.recall()));
			}
		}
		out.printf(Locale.ROOT, "cost: %d queries, %d training job(s), %d upload(s); the ledger says %d, %d, %d (%s credits)%n",
				counted.queries(), counted.trainingJobs(), counted.uploads(), ledger.queries(), ledger.trainingJobs(),
				ledger.uploads(), ledger.credits().stripTrailingZeros().toPlainString());
		out.println("report: " + json);
	}

}
