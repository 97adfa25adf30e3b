package dev.mlaas.attacker.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A grid file sets experiment's own options, checked by the same parser; the command line's win. */
class GridFileTests {

	@TempDir
	Path dir;

	private ExperimentCommand parse(Path file, String... more) throws Exception {
		String[] args = new String[2 + more.length + 1];
		args[0] = "experiment";
		args[1] = "--grid";
		args[2] = file.toString();
		System.arraycopy(more, 0, args, 3, more.length);
		CommandLine.ParseResult parsed = AttackerCli.commandLine().parseArgs(args);
		return GridFile.parse(file, parsed.subcommand().commandSpec());
	}

	@Test
	void aYamlFileSetsTheGridsDatasetsAttacksSeedsAndFlags() throws Exception {
		Path file = Files.writeString(this.dir.resolve("paper-grid.yaml"), """
				# the grid of the issue
				dataset: [purchase-like, fashion-mnist]
				attacks: all
				seeds: 0-4
				records: 2500
				references: 8
				attacker-knows-recipe: false
				""");
		ExperimentCommand command = parse(file);
		assertThat(command.datasets).containsExactly("purchase-like", "fashion-mnist");
		assertThat(command.attacks).containsExactly("all");
		assertThat(command.seeds).isEqualTo("0-4");
		assertThat(command.n).isEqualTo(2500);
		assertThat(command.references).isEqualTo(8);
		assertThat(command.attackerKnowsRecipe).isFalse();
		assertThat(command.gridName).isEqualTo("paper-grid");
	}

	@Test
	void theCommandLinesOptionsReplaceTheFilesEvenForLists() throws Exception {
		Path file = Files.writeString(this.dir.resolve("grid.json"),
				"{\"dataset\": [\"purchase-like\", \"fashion-mnist\"], \"seeds\": \"0-4\", \"records\": 2500}");
		ExperimentCommand command = parse(file, "--dataset", "digits", "-n", "400", "--grid-name", "mine");
		assertThat(command.datasets).containsExactly("digits");
		assertThat(command.n).isEqualTo(400);
		assertThat(command.seeds).isEqualTo("0-4");
		assertThat(command.gridName).isEqualTo("mine");
	}

	@Test
	void anUnknownKeyOrAFractionWhereAnIntegerBelongsIsAnErrorNamingTheFile() throws Exception {
		Path unknown = Files.writeString(this.dir.resolve("bad.yaml"), "dataset: digits\nshadows: 4\n");
		assertThatThrownBy(() -> parse(unknown)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("bad.yaml")
			.hasMessageContaining("--shadows");
		Path fraction = Files.writeString(this.dir.resolve("fraction.yaml"), "records: 2.5\n");
		assertThatThrownBy(() -> parse(fraction)).hasMessageContaining("fraction.yaml").hasMessageContaining("2.5");
		Path nested = Files.writeString(this.dir.resolve("nested.yaml"), "attacks: {a: 1}\n");
		assertThatThrownBy(() -> parse(nested)).hasMessageContaining("plain values and lists");
		Path empty = Files.writeString(this.dir.resolve("empty.yaml"), "");
		assertThatThrownBy(() -> parse(empty)).hasMessageContaining("empty.yaml is not a YAML or JSON map");
	}

	@Test
	void aGridsSettingsAreNamedOptionSetsThatWinOverTheFilesAndKeepEverythingElse() throws Exception {
		Path file = Files.writeString(this.dir.resolve("defenses.yaml"), """
				dataset: purchase-like
				seeds: 0-4
				l2: 0.0001
				setting:
				  none: ""
				  dropout-0.5: --dropout 0.5
				  dp: {dp-noise: 1.0, dp-clip: 2.0}
				  top-1: --output-policy=top-k:1 --no-attacker-knows-policy
				""");
		ExperimentCommand command = parse(file, "--seeds", "0-2");
		assertThat(command.settings).containsOnlyKeys("none", "dropout-0.5", "dp", "top-1");
		assertThat(command.settings.keySet()).containsExactly("none", "dropout-0.5", "dp", "top-1");
		assertThat(command.withSetting(command.settings.get("none"))).isSameAs(command);
		ExperimentCommand dropout = command.withSetting(command.settings.get("dropout-0.5"));
		assertThat(dropout.target.dropout).isEqualTo(0.5);
		assertThat(dropout.target.l2).isEqualTo(1e-4);
		assertThat(dropout.seeds).isEqualTo("0-2");
		assertThat(dropout.settings).isEmpty();
		ExperimentCommand dp = command.withSetting(command.settings.get("dp"));
		assertThat(dp.target.recipe("mlp")).containsEntry("dpSgd",
				java.util.Map.of("noiseMultiplier", 1.0, "clipNorm", 2.0));
		ExperimentCommand top1 = command.withSetting(command.settings.get("top-1"));
		assertThat(top1.outputPolicy).isEqualTo("top-k:1");
		assertThat(top1.attackerKnowsPolicy).isFalse();
		assertThatThrownBy(() -> command.withSetting("--dropout half")).hasMessageContaining("--dropout half");
	}

}
