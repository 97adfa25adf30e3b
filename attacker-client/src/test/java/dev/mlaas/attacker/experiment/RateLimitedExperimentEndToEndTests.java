package dev.mlaas.attacker.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.PurchaseLike;
import dev.mlaas.attacker.report.ExperimentReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacker against a service whose default plan allows 5 requests per second (bursts of 10): the service
 * refuses some of its requests with 429, the client waits what {@code Retry-After} says and goes on, and the run
 * still ends with its cost equal to the ledger (a refused request is never charged). The waits of its parallel
 * queries reach the progress listener one at a time.
 */
class RateLimitedExperimentEndToEndTests {

	@TempDir
	Path workDir;

	@Test
	void anAttackerOverItsRateLimitWaitsAndResumesAndItsCostStillMatchesTheLedger() throws Exception {
		int n = 100;
		LabeledData data = PurchaseLike.generate(new PurchaseLike.Params(4 * n, 40, 10, 0.3, 10, 10, 13));
		List<String> progress = new ArrayList<>();
		java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
		// a plain list: the experiment's queries wait on several threads, and it hands over one line at a time
		java.util.function.Consumer<String> listener = line -> {
			mostAtOnce.accumulateAndGet(listening.incrementAndGet(), Math::max);
			progress.add(line);
			listening.decrementAndGet();
		};
		try (ServerProcess server = ServerProcess.start(this.workDir,
				"--mlaas.plans.catalog.standard.requests-per-second=5", "--mlaas.plans.catalog.standard.burst=10")) {
			ExperimentConfig config = new ExperimentConfig(server.url(), "purchase-like", this.workDir, 13, n, 3,
					Map.of("architecture", "mlp", "hiddenUnits", List.of(32), "epochs", 20, "batchSize", 50), true,
					dev.mlaas.attacker.attack.AttackSettings.DEFAULT, 20, true, List.of("ml-leaks-1"), 0,
					dev.mlaas.attacker.http.Budget.NONE, null, null);
			ExperimentReport report = new MlLeaksExperiment(config, listener).run(data);

			assertThat(progress).anySatisfy(line -> assertThat(line).contains("rate limited (429)"));
			assertThat(mostAtOnce).hasValue(1);
			assertThat(report.attack("ml-leaks-1").metrics().auc()).isGreaterThan(0.5);
			assertThat(report.attackerCost().matchesLedger()).isTrue();
			assertThat(report.costsMatchLedger()).isTrue();
		}
	}

}
