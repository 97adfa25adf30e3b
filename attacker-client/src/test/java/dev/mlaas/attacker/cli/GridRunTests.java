package dev.mlaas.attacker.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.attack.AttackSettings;
import dev.mlaas.attacker.experiment.ExperimentConfig;
import dev.mlaas.attacker.grid.CellStore;
import dev.mlaas.attacker.http.Budget;

import static org.assertj.core.api.Assertions.assertThat;

/** What files a grid's cell: the inputs that change its figures, and nothing that does not. */
class GridRunTests {

	private static ExperimentConfig config(URI server, long seed, Budget budget, String policy, boolean knows) {
		return new ExperimentConfig(server, "purchase-like", Path.of("data"), 0, 2500, seed, Map.of("epochs", 50), true,
				AttackSettings.DEFAULT, 1000, false, List.of("all"), 16, budget, null, null, policy, knows, true);
	}

	private static String hash(ExperimentConfig config) {
		return CellStore.hash(GridRun.inputs(config, "ab".repeat(32), null));
	}

	@Test
	void theServiceAndTheBudgetDoNotChangeACellButTheSeedAndThePolicyDo() {
		String cell = hash(config(URI.create("http://localhost:8080"), 0, Budget.NONE, "full", true));
		assertThat(hash(config(URI.create("http://other:9090"), 0, new Budget(10L, 1L, null, null), "full", true)))
			.isEqualTo(cell);
		assertThat(hash(config(URI.create("http://localhost:8080"), 1, Budget.NONE, "full", true))).isNotEqualTo(cell);
		assertThat(hash(config(URI.create("http://localhost:8080"), 0, Budget.NONE, "top-k:3", true)))
			.isNotEqualTo(cell);
		assertThat(hash(config(URI.create("http://localhost:8080"), 0, Budget.NONE, "full", false)))
			.isNotEqualTo(cell);
		assertThat(CellStore.hash(GridRun.inputs(config(URI.create("http://localhost:8080"), 0, Budget.NONE, "full",
				true), "cd".repeat(32), null))).isNotEqualTo(cell);
	}

	@Test
	void theOutputPolicyOptionsAtTheirDefaultsAreLeftOutSoCellsKeptBeforeThemKeepTheirHash() throws Exception {
		String json = new com.fasterxml.jackson.databind.ObjectMapper().registerModule(
				new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
			.writeValueAsString(GridRun.inputs(config(null, 0, null, "full", true), "ab", null));
		assertThat(json).doesNotContain("targetOutputPolicy").doesNotContain("attackerKnowsPolicy")
			.doesNotContain("attackerKnowsDefense");
		String policed = new com.fasterxml.jackson.databind.ObjectMapper()
			.writeValueAsString(GridRun.inputs(config(null, 0, null, "label-only", false), "ab", null));
		assertThat(policed).contains("\"targetOutputPolicy\":\"label-only\"").contains("\"attackerKnowsPolicy\":false");
	}

}
