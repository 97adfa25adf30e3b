package dev.mlaas.attacker.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.PurchaseLike;
import dev.mlaas.attacker.attack.AttackSettings;
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.report.ExperimentReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product through real HTTP: the packaged server in its own process, a victim and an attacker account,
 * a small generated Purchase-like dataset, and the attacker's figures checked against the server's ledger.
 */
class MlLeaksExperimentEndToEndTests {

	/** The default attack setup with a shorter attack-model training, and Shokri on the run's 4 references. */
	private static final dev.mlaas.attacker.attack.AttackSettings SETTINGS = new dev.mlaas.attacker.attack.AttackSettings(
			"mlp", 64, 50, 100, 0.001, 4, true, "real");


	private static final int N = 150;

	@TempDir
	static Path workDir;

	static ServerProcess server;

	@BeforeAll
	static void startServer() throws Exception {
		server = ServerProcess.start(workDir);
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void everyAttackAgainstAnOverfittedTargetIsScoredAndTheRunsCostMatchesTheLedger() {
		LabeledData data = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11));
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 3,
				Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 60, "batchSize", 50,
						"learningRate", 0.01, "optimizer", "adam"),
				true, SETTINGS, 100, true, List.of("all"), 4, dev.mlaas.attacker.http.Budget.NONE, null, List.of(32));
		List<String> progress = new ArrayList<>();

		MlLeaksExperiment experiment = new MlLeaksExperiment(config, progress::add);
		ExperimentReport report = experiment.run(data);

		assertThat(report.target().trainAccuracy()).isGreaterThan(0.95);
		assertThat(report.target().gap()).isGreaterThan(0.1);
		// ML-Leaks' robustness check: the shadow with half the target's hidden units
		assertThat(report.shadowRecipe()).containsEntry("hiddenUnits", List.of(32));
		assertThat(report.attacks()).extracting(ExperimentReport.Attack::id)
			.containsExactly("ml-leaks-1", "ml-leaks-3", "ml-leaks-combining", "shokri", "yeom",
					"label-only-robustness", "loss-threshold", "lira-online", "lira-offline", "rmia");
		var metrics = report.attack("ml-leaks-1").metrics();
		assertThat(metrics.auc()).isGreaterThan(0.6);
		assertThat(metrics.confusion().truePositives() + metrics.confusion().falseNegatives()).isEqualTo(N);
		assertThat(metrics.confusion().trueNegatives() + metrics.confusion().falsePositives()).isEqualTo(N);
		assertThat(report.attack("ml-leaks-1").roc()).isNotEmpty();
		// the label-only baseline on the very records the target's accuracies were measured on: 0.5 + gap / 2
		assertThat(report.attack("yeom").metrics().accuracy())
			.isCloseTo(0.5 + report.target().gap() / 2, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(report.attack("loss-threshold").metrics().auc()).isGreaterThan(0.6);
		assertThat(report.attack("loss-threshold").otherScores()).containsKey("per-class-threshold");
		var adversary3 = report.attack("ml-leaks-3");
		assertThat(adversary3.metrics().precision()).isNotNull();
		assertThat(adversary3.details()).containsEntry("randomPoints", 1000).containsEntry("domain", "binary");
		assertThat(adversary3.otherScores()).containsOnlyKeys("negative-entropy", "standard-deviation");
		// what each would have cost alone, and what the run paid once: the shadow and the target's answers shared
		assertThat(report.attack("ml-leaks-1").costAlone()).isEqualTo(new MembershipAttack.Plan(1, 1, 4L * N));
		assertThat(report.attack("yeom").costAlone()).isEqualTo(new MembershipAttack.Plan(0, 0, 2L * N));
		assertThat(adversary3.costAlone()).isEqualTo(new MembershipAttack.Plan(0, 0, 2L * N + 1000));

		// combining: a random forest and logistic regression trained on the shadow's own upload, each asked about
		// both halves; alone, it would also pay for the shadow and the target's answers
		var combining = report.attack("ml-leaks-combining");
		assertThat(combining.metrics().auc()).isGreaterThan(0.6);
		assertThat(combining.details()).containsEntry("subShadows", 3).containsEntry("attackTrainingRows", 6 * N);
		assertThat(report.observation()).containsKeys("random-forestSubShadowTestAccuracy",
				"logistic-regressionSubShadowTestAccuracy");
		assertThat(combining.costAlone()).isEqualTo(new MembershipAttack.Plan(1, 3, 8L * N));
		// Shokri: here on the run's online references, whose pool is the candidates; alone it trains offline ones
		// on the attacker's records and asks each about all of them
		var shokri = report.attack("shokri");
		assertThat(shokri.metrics().auc()).isGreaterThan(0.6);
		assertThat(shokri.details()).containsEntry("shadowModels", 4).containsEntry("attackTrainingRows", 4 * 2 * N);
		assertThat(shokri.costAlone()).isEqualTo(new MembershipAttack.Plan(4, 4, 4 * (2L * N + 2L * N) + 2L * N));

		// LiRA and RMIA: 4 reference models (online: the candidates in their pool), RMIA's population held out
		assertThat(report.attack("lira-online").metrics().auc()).isGreaterThan(0.6);
		assertThat(report.attack("lira-online").details()).containsEntry("referenceModels", 4);
		assertThat(report.attack("lira-offline").otherScores()).containsKey("fixed-variance");
		assertThat(report.attack("rmia").otherScores()).containsOnlyKeys("ratio", "1-reference", "2-references");
		assertThat(report.attack("rmia").metrics().auc()).isGreaterThan(0.6);
		long population = Math.min(1000, 2L * N / 5);

		// the cost curve: LiRA and RMIA at 1, 2 and 4 of the run's 4 references (online LiRA from 2), Shokri at 1
		// and 2; its largest points are the run's own attacks, scored alike and priced as alone
		var curve = report.costCurve();
		assertThat(curve.family("lira-online")).extracting(dev.mlaas.attacker.report.CostCurve.Point::models)
			.containsExactly(2, 4);
		assertThat(curve.family("lira-offline")).extracting(dev.mlaas.attacker.report.CostCurve.Point::models)
			.containsExactly(1, 2, 4);
		assertThat(curve.family("shokri")).extracting(dev.mlaas.attacker.report.CostCurve.Point::models)
			.containsExactly(1, 2);
		var rmiaAtFour = curve.family("rmia").get(2);
		assertThat(rmiaAtFour.auc()).isEqualTo(report.attack("rmia").metrics().auc());
		assertThat(rmiaAtFour.queries()).isEqualTo(report.attack("rmia").costAlone().queries());
		assertThat(rmiaAtFour.credits()).isEqualByComparingTo(new java.math.BigDecimal("0.1").multiply(
				java.math.BigDecimal.valueOf(4)).add(java.math.BigDecimal.valueOf(4)).add(new java.math.BigDecimal(
						"0.001").multiply(java.math.BigDecimal.valueOf(rmiaAtFour.queries()))));
		assertThat(curve.family("yeom")).singleElement()
			.satisfies(point -> assertThat(point.auc()).isEqualTo(report.attack("yeom").metrics().auc()));
		assertThat(curve.family("lira-online").get(0).queries())
			.isLessThan(curve.family("lira-online").get(1).queries());
		// the label-only attack at 1, 2, 4 and 8 copies a candidate, its last point the attack as it ran
		assertThat(curve.family("label-only-robustness")).extracting(dev.mlaas.attacker.report.CostCurve.Point::models)
			.containsExactly(1, 2, 4, 8);
		assertThat(curve.family("label-only-robustness").get(3).auc())
			.isEqualTo(report.attack("label-only-robustness").metrics().auc());
		assertThat(curve.family("label-only-robustness").get(1).auc())
			.isEqualTo(report.attack("label-only-robustness").otherScores().get("2-perturbations").auc());

		// shadow in + shadow out + N members + N non-members, one query each, adversary 3's random points, the two
		// sub-shadows on the shadow's halves, each reference on the candidates and the population, the target
		// on the population, and the label-only attack's 8 copies of each candidate and of each of the shadow's
		// (at most 500) members and non-members it calibrates on
		long queries = 4L * N + 1000 + 4L * N + 4 * (2L * N + population) + population
				+ 8L * (2L * N + 2L * Math.min(500, N));
		ExperimentReport.Cost attacker = report.attackerCost();
		assertThat(attacker.queries()).isEqualTo(queries);
		assertThat(attacker.ledgerQueries()).isEqualTo(queries);
		assertThat(attacker.trainingJobs()).isEqualTo(7).isEqualTo(attacker.ledgerTrainingJobs());
		assertThat(attacker.uploads()).isEqualTo(5).isEqualTo(attacker.ledgerUploads());
		// the plan a dry run prints is what the run spent
		assertThat(experiment.attackerPlan())
			.isEqualTo(new MembershipAttack.Plan(attacker.uploads(), attacker.trainingJobs(), attacker.queries()));
		assertThat(attacker.matchesLedger()).isTrue();
		assertThat(report.victimCost().ledgerQueries()).isEqualTo(2L * N);
		assertThat(report.costsMatchLedger()).isTrue();

		// the speed goal's figure: the attack's own wall time over its shadow job's training time
		var details = report.attack("ml-leaks-1").details();
		double attackSeconds = ((Number) details.get("attackWallSeconds")).doubleValue();
		double shadowJobSeconds = ((Number) report.observation().get("shadowJobTrainingSeconds")).doubleValue();
		assertThat(attackSeconds).isGreaterThan(shadowJobSeconds)
			.isLessThanOrEqualTo(attacker.wallTimeSeconds() + 0.002);
		assertThat(((Number) details.get("attackOverShadowJob")).doubleValue())
			.isCloseTo(attackSeconds / shadowJobSeconds, org.assertj.core.api.Assertions.within(0.001));
		// and against the same job trained again by a third account, which the attacker's cost does not include
		double aloneSeconds = ((Number) details.get("shadowJobAloneSeconds")).doubleValue();
		assertThat(aloneSeconds).isPositive();
		assertThat(((Number) details.get("attackOverShadowJobAlone")).doubleValue())
			.isCloseTo(attackSeconds / aloneSeconds, org.assertj.core.api.Assertions.within(0.001));
		java.io.ByteArrayOutputStream summary = new java.io.ByteArrayOutputStream();
		dev.mlaas.attacker.report.ReportWriter.printSummary(report, new java.io.PrintStream(summary, true,
				java.nio.charset.StandardCharsets.UTF_8));
		assertThat(summary.toString(java.nio.charset.StandardCharsets.UTF_8))
			.contains("speed goal: attack " + details.get("attackWallSeconds") + " s")
			.contains("against the same shadow job trained alone afterwards (" + aloneSeconds + " s): "
					+ details.get("attackOverShadowJobAlone") + "x");

		assertThat(report.seeds().experiment()).isEqualTo(3);
		assertThat(report.versions()).containsKeys("attackerClient", "dl4j", "java");
		// the server's kernels, on which its weights depend: the server runs this test's OMP_NUM_THREADS
		assertThat(report.serverCompute()).containsKeys("cpuModel", "oneDnnIsa", "dnnlMaxCpuIsa")
			.containsEntry("ompNumThreads", "1");
		assertThat((String) report.serverCompute().get("oneDnnIsa")).startsWith("Intel ");
		assertThat(progress).anyMatch(line -> line.startsWith("attacker: querying the target"));
	}

	@Test
	void adversaryTwoAttacksWithAShadowTrainedOnAnotherDatasetOfOtherClasses() {
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 4,
				Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 60, "batchSize", 50,
						"learningRate", 0.01, "optimizer", "adam"),
				true, SETTINGS, 100, false, List.of("ml-leaks-2", "yeom"), 4, dev.mlaas.attacker.http.Budget.NONE,
				"other", null);
		// the target's data: 60 bits, 10 classes; the attacker's: 30 bits, 4 classes, other prototypes
		LabeledData target = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11));
		LabeledData other = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 30, 4, 0.3, 10, 10, 21));

		ExperimentReport report = new MlLeaksExperiment(config, line -> {
		}).run(target, other);

		assertThat(report.observation()).containsKey("shadowModelId");
		assertThat(report.shadowRecipe()).containsEntry("architecture", "mlp");
		var adversary2 = report.attack("ml-leaks-2");
		assertThat(adversary2.details()).containsEntry("featureCount", 3);
		assertThat(adversary2.metrics().auc()).isGreaterThan(0.6);
		assertThat(report.attackerCost().matchesLedger()).isTrue();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new MlLeaksExperiment(config, line -> {
			}).run(target, null))
			.hasMessageContaining("ml-leaks-2 trains its shadow on another dataset");
	}

	@Test
	void combiningAndShokriAttackARandomForestTargetWithNoisyShadowDataAndALogisticRegressionAttackModel() {
		AttackSettings settings = new AttackSettings("lr", 64, 50, 100, 0.001, 3, true, "noisy:0.05");
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 5,
				Map.of("architecture", "random-forest", "trees", 5), true, settings, 100, false,
				List.of("ml-leaks-combining", "shokri"), 3, dev.mlaas.attacker.http.Budget.NONE, null, null);
		MlLeaksExperiment experiment = new MlLeaksExperiment(config, line -> {
		});
		ExperimentReport report = experiment.run(
				PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11)));

		// a forest remembers its training records: near 1.0 on them
		assertThat(report.target().trainAccuracy()).isGreaterThan(0.9);
		assertThat(report.shadowRecipe()).containsEntry("architecture", "random-forest");
		assertThat(report.observation()).containsEntry("shadowSource", "noisy:0.05");
		assertThat((double) report.observation().get("perturbedFeatureShare")).isBetween(0.03, 0.07);
		assertThat(report.attack("ml-leaks-combining").details()).containsEntry("attackModel", "lr");
		assertThat(report.attack("ml-leaks-combining").metrics().auc()).isGreaterThan(0.6);
		assertThat(report.attack("shokri").details()).containsEntry("shadowModels", 3);
		assertThat(report.attack("shokri").metrics().auc()).isGreaterThan(0.6);
		// offline references on the attacker's records, each asked about the candidates and all of its pool
		ExperimentReport.Cost attacker = report.attackerCost();
		assertThat(attacker.queries()).isEqualTo(2L * N + 2L * N + 4L * N + 3 * (2L * N + 2L * N));
		assertThat(experiment.attackerPlan())
			.isEqualTo(new MembershipAttack.Plan(attacker.uploads(), attacker.trainingJobs(), attacker.queries()));
		assertThat(report.costsMatchLedger()).isTrue();
	}

	@Test
	void shokriOnSynthesizedShadowDataPaysForEverySynthesisQueryWithinItsPlan() {
		AttackSettings settings = new AttackSettings("mlp", 64, 30, 100, 0.001, 2, true, "synthesis");
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, 60, 6,
				Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 40, "batchSize", 20,
						"learningRate", 0.01, "optimizer", "adam"),
				true, settings, 100, false, List.of("shokri"), 2, dev.mlaas.attacker.http.Budget.NONE, null, null);
		MlLeaksExperiment experiment = new MlLeaksExperiment(config, line -> {
		});
		ExperimentReport report = experiment.run(
				PurchaseLike.generate(new PurchaseLike.Params(240, 60, 10, 0.3, 10, 10, 11)));

		var observation = report.observation();
		long synthesisQueries = ((Number) observation.get("synthesisQueries")).longValue();
		int synthesized = ((Number) observation.get("synthesizedRecords")).intValue();
		assertThat(synthesized).isPositive().isLessThanOrEqualTo(120);
		assertThat(((Number) observation.get("queriesPerSynthesizedRecord")).doubleValue())
			.isEqualTo((double) synthesisQueries / synthesized);
		ExperimentReport.Cost attacker = report.attackerCost();
		// the candidates, the synthesis, and two references asked about the candidates and their pool
		assertThat(attacker.queries()).isEqualTo(120 + synthesisQueries + 2 * (120 + synthesized));
		assertThat(attacker.queries()).isLessThanOrEqualTo(experiment.attackerPlan().queries());
		assertThat(report.costsMatchLedger()).isTrue();
	}

	@Test
	void theOnePageReportEmbedsItsPlotsAndRendersInAHeadlessBrowser() throws Exception {
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 7,
				Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 60, "batchSize", 50,
						"learningRate", 0.01, "optimizer", "adam"),
				true, SETTINGS, 100, false, List.of("ml-leaks-1", "yeom", "lira-offline"), 2,
				dev.mlaas.attacker.http.Budget.NONE, null, null);
		ExperimentReport report = new MlLeaksExperiment(config, line -> {
		}).run(PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11)));
		Path json = workDir.resolve("page").resolve("run.json");
		dev.mlaas.attacker.report.ReportWriter.writeJson(report, json);
		List<Path> images = new ArrayList<>(dev.mlaas.attacker.report.RocPlots.write(report, json));
		images.addAll(dev.mlaas.attacker.report.CostCurvePlots.write(report, json));
		Path html = dev.mlaas.attacker.report.HtmlReport.write(report, json, images);

		String page = java.nio.file.Files.readString(html);
		assertThat(images).hasSize(4);
		assertThat(page.split("data:image/png;base64,", -1)).hasSize(5);
		// the owner's list: 20 candidates of the attack best at 0.1% FPR, named by index and hash
		var exposed = report.mostExposed();
		assertThat(exposed.records()).hasSize(20);
		double best = report.attacks().stream().mapToDouble(a -> a.metrics().tprAt01PercentFpr()).max().orElseThrow();
		assertThat(report.attack(exposed.attack()).metrics().tprAt01PercentFpr()).isEqualTo(best);
		assertThat(page).contains("<table id=\"exposed\">", exposed.records().get(0).featureHash());
		assertThat(page).contains("<td>ml-leaks-1</td>", "<td>yeom</td>", "<td>lira-offline</td>")
			.contains("they match")
			.doesNotContain("src=\"http");

		Browser browser = Browser.orSkip();
		// every plot decoded by the browser (natural width > 0), and the table rendered
		assertThat(browser.dom(html)).contains("data-images-loaded=\"4\"").contains("<td>lira-offline</td>");
		Path screenshot = browser.screenshot(html, workDir.resolve("page").resolve("screenshot.png"), 1280, 3000);
		assertThat(javax.imageio.ImageIO.read(screenshot.toFile()).getWidth()).isEqualTo(1280);
	}

	@Test
	void aGridKilledAfterItsFirstCellResumesWithoutRecomputingItAndItsPageRendersInABrowser() throws Exception {
		Path dir = java.nio.file.Files.createTempDirectory(workDir, "grid");
		Path alpha = csv(dir.resolve("alpha.csv"), PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 21)));
		Path beta = csv(dir.resolve("beta.csv"), PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 22)));
		Path reports = dir.resolve("reports");
		Path file = java.nio.file.Files.writeString(dir.resolve("small-grid.yaml"), """
				server: %s
				dataset: [%s, %s]
				seeds: 0-1
				records: %d
				attacks: [ml-leaks-1, yeom, lira-offline]
				references: 2
				architecture: mlp
				hidden-units: 64
				epochs: 60
				batch: 50
				learning-rate: 0.01
				attack-epochs: 50
				reports: %s
				""".formatted(server.url(), alpha, beta, N, reports));

		// the first run, in a JVM of its own, stopped as Ctrl-C would stop it once its first cell is kept
		Process first = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), "dev.mlaas.attacker.cli.AttackerCli", "experiment", "--grid",
				file.toString())
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(first.getErrorStream(),
				java.nio.charset.StandardCharsets.UTF_8)).lines().forEach(lines::add));
		reader.start();
		List<String> stderr = new ArrayList<>();
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
		while (stderr.stream().noneMatch(line -> line.contains("finished in")) && System.nanoTime() < deadline) {
			String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
			if (line != null) {
				stderr.add(line);
			}
		}
		// SIGTERM, as Ctrl-C (Process.destroy would also close the pipe the last lines come through)
		first.toHandle().destroy();
		assertThat(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		reader.join(10_000);
		lines.drainTo(stderr);
		assertThat(stderr).anyMatch(line -> line.startsWith("[cell 1/4 " + alpha + " seed 0 | ")
				&& line.contains("] finished in"));
		assertThat(stderr).anyMatch(line -> line.contains("stopped: 1 of 4 cells are kept in"));
		java.util.function.Supplier<Long> kept = () -> {
			try (var files = java.nio.file.Files.list(reports.resolve("cells"))) {
				return files.filter(f -> f.toString().endsWith(".json")).count();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		};
		assertThat(kept.get()).isEqualTo(1);

		// the same command again: the kept cell is read back, the three others are computed
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		java.io.PrintStream stdout = System.out;
		int exit;
		try {
			System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
			exit = dev.mlaas.attacker.cli.AttackerCli.commandLine().execute("experiment", "--grid", file.toString());
		}
		finally {
			System.setOut(stdout);
		}
		assertThat(exit).isZero();
		assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
			.contains("grid: 4 cells, 3 computed, 1 read back from " + reports.resolve("cells"));
		assertThat(kept.get()).isEqualTo(4);
		var grid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reports.resolve("small-grid.json").toFile());
		assertThat(grid.at("/cells/0/reused").asBoolean()).isTrue();
		assertThat(grid.at("/cells/1/reused").asBoolean()).isFalse();
		assertThat(grid.at("/costsMatchLedger").asBoolean()).isTrue();
		assertThat(grid.at("/summaries/1/spread/attacks/lira-offline/auc/values").size()).isEqualTo(2);
		assertThat(grid.at("/timing/reportShare").asDouble()).isBetween(0.0, 1.0);

		// the same command and seed give the same figures: the first cell computed again, beside the one kept
		var json = new com.fasterxml.jackson.databind.ObjectMapper();
		var keptCell = json.readTree(reports.resolve(grid.at("/cells/0/report").asText()).toFile()).get("report");
		int again;
		try {
			System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
			again = dev.mlaas.attacker.cli.AttackerCli.commandLine().execute("experiment", "--grid", file.toString(),
					"--dataset", alpha.toString(), "--seeds", "0", "--no-resume", "--grid-name", "again");
		}
		finally {
			System.setOut(stdout);
		}
		assertThat(again).isZero();
		var computedAgain = json.readTree(reports.resolve(json.readTree(reports.resolve("again.json").toFile())
			.at("/cells/0/report").asText()).toFile()).get("report");
		for (String figures : List.of("/target/trainAccuracy", "/target/testAccuracy", "/costCurve", "/mostExposed",
				"/attackerCost/queries", "/attackerCost/ledgerCredits")) {
			assertThat(computedAgain.at(figures)).as(figures).isEqualTo(keptCell.at(figures));
		}
		for (int i = 0; i < keptCell.get("attacks").size(); i++) {
			for (String figures : List.of("id", "metrics", "otherScores", "costAlone", "roc")) {
				assertThat(computedAgain.get("attacks").get(i).get(figures)).as(figures)
					.isEqualTo(keptCell.get("attacks").get(i).get(figures));
			}
		}

		Path html = reports.resolve("small-grid.html");
		String page = java.nio.file.Files.readString(html);
		assertThat(page.split("data:image/png;base64,", -1)).hasSize(9);
		assertThat(page).contains("<table id=\"summary\">").doesNotContain("src=\"http");
		Browser browser = Browser.orSkip();
		String dom = browser.dom(html);
		// two datasets' four plots each, all decoded; the tables rendered; each cell's page beside
		assertThat(dom).contains("data-images-loaded=\"8\"").contains("<td>lira-offline</td>");
		Path cellPage = reports.resolve(grid.at("/cells/3/page").asText());
		assertThat(browser.dom(cellPage)).contains("data-images-loaded=\"4\"");
		Path screenshot = browser.screenshot(html, dir.resolve("grid.png"), 1280, 4000);
		assertThat(javax.imageio.ImageIO.read(screenshot.toFile()).getWidth()).isEqualTo(1280);
	}

	@Test
	void aGridOfDefensesAndPoliciesComparesEachSettingsTargetAndAttacksAndPlotsTheTradeOff() throws Exception {
		Path dir = java.nio.file.Files.createTempDirectory(workDir, "settings");
		Path data = csv(dir.resolve("gamma.csv"),
				PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 23)));
		Path reports = dir.resolve("reports");
		Path file = java.nio.file.Files.writeString(dir.resolve("defenses.yaml"), """
				server: %s
				dataset: %s
				seeds: 0
				records: %d
				attacks: [ml-leaks-1, yeom]
				architecture: mlp
				hidden-units: 64
				epochs: 40
				batch: 50
				learning-rate: 0.01
				attack-epochs: 50
				reports: %s
				setting:
				  none: ""
				  dp-sgd: --dp-noise 1.0 --dp-clip 1.0
				  stacking: --stacking
				  top-1: --output-policy top-k:1
				""".formatted(server.url(), data, N, reports));
		java.io.PrintStream stdout = System.out;
		int exit;
		try {
			System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
			exit = dev.mlaas.attacker.cli.AttackerCli.commandLine().execute("experiment", "--grid", file.toString());
		}
		finally {
			System.setOut(stdout);
		}
		assertThat(exit).isZero();
		var grid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reports.resolve("defenses.json").toFile());
		assertThat(grid.at("/costsMatchLedger").asBoolean()).isTrue();
		assertThat(grid.at("/cells").size()).isEqualTo(4);
		var summaries = grid.get("summaries");
		assertThat(summaries.size()).isEqualTo(4);
		assertThat(summaries.get(0).has("epsilon")).isFalse();
		// the service's accountant: 40 epochs of ceil(N / 50) Poisson steps at rate 50 / N
		assertThat(summaries.get(1).at("/setting").asText()).isEqualTo("dp-sgd");
		assertThat(summaries.get(1).at("/epsilon").asDouble()).isPositive();
		assertThat(summaries.get(1).at("/configuration/targetRecipe/dpSgd/noiseMultiplier").asDouble()).isEqualTo(1.0);
		assertThat(summaries.get(2).at("/configuration/targetRecipe/stacking").asBoolean()).isTrue();
		// top-1 leaves adversary 1 (which reads the top 3) nothing to read; the label baseline still runs
		assertThat(summaries.get(3).at("/notApplicable").has("ml-leaks-1")).isTrue();
		assertThat(summaries.get(3).at("/spread/attacks").has("yeom")).isTrue();
		var stacked = new com.fasterxml.jackson.databind.ObjectMapper()
			.readTree(reports.resolve(grid.at("/cells/2/report").asText()).toFile())
			.get("report");
		// the attacker who knows the defense trains its shadow as a stack too
		assertThat(stacked.at("/shadowRecipe/stacking").asBoolean()).isTrue();

		Path html = reports.resolve("defenses.html");
		String page = java.nio.file.Files.readString(html);
		assertThat(page).contains("<h2 id=\"defenses\">");
		String defenses = page.substring(page.indexOf("<h2 id=\"defenses\">"), page.indexOf("<h2 id=\"" + data + " [none]\">"));
		assertThat(defenses.split("data:image/png;base64,", -1)).hasSize(3);
		Browser browser = Browser.orSkip();
		assertThat(browser.dom(html)).contains("<td>dp-sgd</td>");
		browser.screenshot(html, dir.resolve("defenses.png"), 1280, 3000);
	}

	@Test
	void attacksThatReadMoreThanTheTargetsOutputPolicyLeavesAreNotApplicableAndTheOthersRunWithinTheLedger() {
		LabeledData data = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11));
		for (String policy : List.of("top-k:3", "label-only")) {
			ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 5,
					Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 60, "batchSize", 50,
							"learningRate", 0.01, "optimizer", "adam"),
					true, SETTINGS, 100, false, List.of("all"), 2, dev.mlaas.attacker.http.Budget.NONE, null, null,
					policy, true, true);
			ExperimentReport report = new MlLeaksExperiment(config, line -> {
			}).run(data);
			assertThat(report.costsMatchLedger()).as(policy).isTrue();
			assertThat(report.observation()).containsEntry("targetOutputPolicy", policy);
			assertThat(report.notApplicable()).as(policy)
				.containsKeys("shokri", "loss-threshold", "lira-online", "lira-offline", "rmia");
			// the yeom baseline reads labels alone: its accuracy is 0.5 + gap / 2 on the records the owner measured
			assertThat(report.attack("yeom").metrics().accuracy()).as(policy)
				.isCloseTo(0.5 + report.target().gap() / 2, org.assertj.core.api.Assertions.within(1e-9));
			if (policy.equals("top-k:3")) {
				assertThat(report.attacks()).extracting(ExperimentReport.Attack::id)
					.containsExactly("ml-leaks-1", "ml-leaks-3", "ml-leaks-combining", "yeom", "label-only-robustness");
				// the top 3 are all adversary 1 reads: the overfitted target gives its members away as before
				assertThat(report.attack("ml-leaks-1").metrics().auc()).isGreaterThan(0.6);
				assertThat(report.attack("ml-leaks-3").otherScores()).isEmpty();
				// no reference models were trained for the attacks that could not run
				assertThat(report.attackerCost().trainingJobs()).isEqualTo(3);
				// the attacker who knows the policy put its shadow under it too: the service answered it so
				assertThat(report.observation()).containsEntry("shadowOutputPolicy", "top-k:3");
			}
			else {
				assertThat(report.attacks()).extracting(ExperimentReport.Attack::id)
					.containsExactly("yeom", "label-only-robustness");
				assertThat(report.notApplicable()).containsKeys("ml-leaks-1", "ml-leaks-3", "ml-leaks-combining");
				// the shadow the label-only attack calibrates on, under the target's policy
				assertThat(report.attackerCost().trainingJobs()).isEqualTo(1);
				assertThat(report.observation()).containsEntry("shadowOutputPolicy", "label-only");
			}
		}
	}

	@Test
	void theAttackerWhoKnowsTheDefenseTrainsItsShadowWithItAndTheOtherDoesNot() {
		LabeledData data = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11));
		Map<String, Object> recipe = Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 30,
				"batchSize", 50, "learningRate", 0.01, "optimizer", "adam", "dropout", 0.5, "l2", 0.001);
		for (boolean knows : List.of(true, false)) {
			ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 6, recipe,
					true, SETTINGS, 100, false, List.of("ml-leaks-1"), 2, dev.mlaas.attacker.http.Budget.NONE, null,
					null, "full", true, knows);
			ExperimentReport report = new MlLeaksExperiment(config, line -> {
			}).run(data);
			assertThat(report.costsMatchLedger()).isTrue();
			if (knows) {
				assertThat(report.shadowRecipe()).containsEntry("dropout", 0.5).containsEntry("l2", 0.001);
			}
			else {
				assertThat(report.shadowRecipe()).doesNotContainKeys("dropout", "l2").containsEntry("epochs", 30);
			}
		}
	}

	@Test
	void aPlanOverTheBudgetIsRefusedBeforeAnythingIsSpent() {
		ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", workDir, 11, N, 3,
				Map.of("architecture", "mlp"), true, SETTINGS, 100, false, List.of("ml-leaks-1", "lira-offline"), 4,
				new dev.mlaas.attacker.http.Budget(1000L, 4L, null, null), null, null);
		List<String> progress = new ArrayList<>();

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new MlLeaksExperiment(config, progress::add)
				.run(PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 11))))
			.isInstanceOf(dev.mlaas.attacker.http.BudgetExceededException.class)
			.hasMessageContaining("1800 queries > --max-queries 1000")
			.hasMessageContaining("5 training jobs > --max-jobs 4");
		assertThat(progress).isEmpty();
	}

	@Test
	void theAttackCommandJudgesCandidatesFromFilesAgainstAModelItDidNotTrain() throws Exception {
		LabeledData data = PurchaseLike.generate(new PurchaseLike.Params(4 * N, 60, 10, 0.3, 10, 10, 12));
		LabeledData targetIn = data.subset(java.util.stream.IntStream.range(0, N).toArray());
		LabeledData candidates = data.subset(java.util.stream.IntStream.range(0, 2 * N).toArray());
		LabeledData shadow = data.subset(java.util.stream.IntStream.range(2 * N, 4 * N).toArray());
		// the victim, with curl's part done by the client's HTTP calls
		dev.mlaas.attacker.http.MlaasClient victim = new dev.mlaas.attacker.http.MlaasClient(server.url(),
				dev.mlaas.attacker.http.MlaasClient.createAccount(server.url(), "owner").apiKey());
		var job = victim.awaitJob(victim.train(victim.upload("private", targetIn).id(),
				Map.of("architecture", "mlp", "hiddenUnits", List.of(64), "epochs", 60, "batchSize", 50,
						"learningRate", 0.01, "seed", 5)).id(), j -> {
				});
		victim.publish(job.modelId());
		Path dir = java.nio.file.Files.createTempDirectory(workDir, "attack");
		Path key = dir.resolve("key");
		java.nio.file.Files.writeString(key,
				dev.mlaas.attacker.http.MlaasClient.createAccount(server.url(), "attacker").apiKey());
		Path shadowCsv = csv(dir.resolve("shadow.csv"), shadow);
		Path candidatesCsv = csv(dir.resolve("candidates.csv"), candidates);
		Path truth = dir.resolve("truth.txt");
		java.nio.file.Files.writeString(truth, "1\n".repeat(N) + "0\n".repeat(N));
		List<String> common = List.of("attack", "--server", server.url().toString(), "--api-key-file", key.toString(),
				"--model", Long.toString(job.modelId()), "--attack", "ml-leaks-1,yeom,ml-leaks-3", "--shadow-data",
				shadowCsv.toString(), "--candidates", candidatesCsv.toString(), "--architecture", "mlp",
				"--hidden-units", "64", "--epochs", "60", "--batch", "50", "--learning-rate", "0.01", "--out",
				dir.resolve("out").toString());

		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		java.io.PrintStream stdout = System.out;
		int dryRun;
		int refused;
		int exit;
		try {
			System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
			dryRun = dev.mlaas.attacker.cli.AttackerCli.commandLine().execute(with(common, "--dry-run"));
			refused = dev.mlaas.attacker.cli.AttackerCli.commandLine().execute(with(common, "--max-queries", "10"));
			exit = dev.mlaas.attacker.cli.AttackerCli.commandLine()
				.execute(with(common, "--ground-truth", truth.toString()));
		}
		finally {
			System.setOut(stdout);
		}

		assertThat(dryRun).isZero();
		assertThat(refused).isEqualTo(4);
		assertThat(exit).isZero();
		// 2N candidates, the shadow's 2N records, adversary 3's 1,000 random points
		long queries = 4L * N + 1000;
		assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
			.contains("plan for the attacker: 1 upload(s), 1 training job(s), " + queries + " queries = "
					+ new java.math.BigDecimal("1.1").add(new java.math.BigDecimal(queries).movePointLeft(3))
						.stripTrailingZeros().toPlainString() + " credits")
			.contains("cost: " + queries + " queries, 1 training job(s), 1 upload(s); the ledger says " + queries
					+ ", 1, 1");
		List<String> decisions = java.nio.file.Files.readAllLines(dir.resolve("out").resolve("ml-leaks-1-decisions.csv"));
		assertThat(decisions).hasSize(2 * N + 1).first().isEqualTo("index,score,decision");
		var report = new com.fasterxml.jackson.databind.ObjectMapper()
			.readTree(dir.resolve("out").resolve("attack-report.json").toFile());
		assertThat(report.at("/cost/matchesLedger").asBoolean()).isTrue();
		assertThat(report.at("/shadowData/sha256/0").asText())
			.isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(java.nio.file.Files.readAllBytes(shadowCsv))));
		assertThat(report.at("/candidates/records").asInt()).isEqualTo(2 * N);
		assertThat(report.at("/attacks/0/metrics/auc").asDouble()).isGreaterThan(0.6);
		assertThat(report.toString()).doesNotContain(java.nio.file.Files.readString(key));
	}

	private static String[] with(List<String> args, String... more) {
		List<String> all = new ArrayList<>(args);
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static Path csv(Path file, LabeledData data) throws java.io.IOException {
		StringBuilder csv = new StringBuilder();
		for (int i = 0; i < data.size(); i++) {
			for (float value : data.features()[i]) {
				csv.append((int) value).append(',');
			}
			csv.append(data.labels()[i]).append('\n');
		}
		return java.nio.file.Files.writeString(file, csv);
	}

}
