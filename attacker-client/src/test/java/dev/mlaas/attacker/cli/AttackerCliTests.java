package dev.mlaas.attacker.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.mlaas.attacker.data.Idx;
import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;

class AttackerCliTests {

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	private int run(String... args) {
		CommandLine cli = AttackerCli.commandLine();
		cli.setOut(new PrintWriter(this.out));
		cli.setErr(new PrintWriter(this.err));
		return cli.execute(args);
	}

	@Test
	void helpListsTheSubcommands() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("experiment", "generate-purchase");
	}

	@Test
	void anUnknownOptionIsAUsageError() {
		assertThat(run("experiment", "--no-such-option")).isEqualTo(2);
		assertThat(this.err.toString()).contains("Unknown option");
	}

	@Test
	void anUnknownDatasetFailsWithAClearMessage(@TempDir Path dir) {
		assertThat(run("experiment", "--dataset", "imagenet", "--data-dir", dir.toString())).isEqualTo(1);
		assertThat(this.err.toString()).contains("'imagenet' is neither a built-in dataset")
			.contains("purchase-like, fashion-mnist, breast-cancer, digits")
			.doesNotContain("\tat ");
	}

	@Test
	void fashionMnistThatWasNotFetchedPointsToTheScript(@TempDir Path dir) {
		assertThat(run("experiment", "--dataset", "fashion-mnist", "--data-dir", dir.toString())).isEqualTo(1);
		assertThat(this.err.toString()).contains("scripts/fetch-fashion-mnist.sh");
	}

	@Test
	void anUnreachableServerFailsWithoutAStackTrace(@TempDir Path dir) throws Exception {
		LabeledData tiny = new LabeledData(new float[40][2], new int[40], new int[] { 2 });
		Path purchase = Files.createDirectories(dir.resolve("purchase-like"));
		Idx.write(tiny, purchase.resolve("seed-0-records.idx"), purchase.resolve("seed-0-labels.idx"));
		assertThat(run("experiment", "--server", "http://127.0.0.1:9", "--data-dir", dir.toString(), "-n", "10"))
			.isEqualTo(1);
		assertThat(this.err.toString()).contains("error:").contains("127.0.0.1:9").doesNotContain("\tat ");
	}

	@org.junit.jupiter.api.Test
	void seedsAreARangeOrAList() {
		org.assertj.core.api.Assertions.assertThat(ExperimentCommand.seedList("0-4")).containsExactly(0L, 1L, 2L, 3L, 4L);
		org.assertj.core.api.Assertions.assertThat(ExperimentCommand.seedList("0, 2,5")).containsExactly(0L, 2L, 5L);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExperimentCommand.seedList("4-0"))
			.hasMessageContaining("ends before it starts");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExperimentCommand.seedList("a-b"))
			.hasMessageContaining("--seeds takes a range");
	}

}
