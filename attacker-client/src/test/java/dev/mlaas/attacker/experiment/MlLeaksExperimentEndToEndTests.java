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
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.report.ExperimentReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product through real HTTP: the packaged server in its own process, a victim and an attacker account,
 * a small generated Purchase-like dataset, and the attacker's figures checked against the server's ledger.
 */
class MlLeaksExperimentEndToEndTests {

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
				true, 50, 100, true, List.of("all"), 4);
		List<String> progress = new ArrayList<>();

		ExperimentReport report = new MlLeaksExperiment(config, progress::add).run(data);

		assertThat(report.target().trainAccuracy()).isGreaterThan(0.95);
		assertThat(report.target().gap()).isGreaterThan(0.1);
		assertThat(report.attacks()).extracting(ExperimentReport.Attack::id)
			.containsExactly("ml-leaks-1", "ml-leaks-3", "yeom", "loss-threshold", "lira-online", "lira-offline",
					"rmia");
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

		// LiRA and RMIA: 4 reference models (online: the candidates in their pool), RMIA's population held out
		assertThat(report.attack("lira-online").metrics().auc()).isGreaterThan(0.6);
		assertThat(report.attack("lira-online").details()).containsEntry("referenceModels", 4);
		assertThat(report.attack("lira-offline").otherScores()).containsKey("fixed-variance");
		assertThat(report.attack("rmia").otherScores()).containsOnlyKeys("ratio", "1-reference", "2-references");
		assertThat(report.attack("rmia").metrics().auc()).isGreaterThan(0.6);
		long population = Math.min(1000, 2L * N / 5);

		// shadow in + shadow out + N members + N non-members, one query each, adversary 3's random points, each
		// reference on the candidates and the population, and the target on the population
		long queries = 4L * N + 1000 + 4 * (2L * N + population) + population;
		ExperimentReport.Cost attacker = report.attackerCost();
		assertThat(attacker.queries()).isEqualTo(queries);
		assertThat(attacker.ledgerQueries()).isEqualTo(queries);
		assertThat(attacker.trainingJobs()).isEqualTo(5).isEqualTo(attacker.ledgerTrainingJobs());
		assertThat(attacker.uploads()).isEqualTo(5).isEqualTo(attacker.ledgerUploads());
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

}
