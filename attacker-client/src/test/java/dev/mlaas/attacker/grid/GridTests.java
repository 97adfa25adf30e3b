package dev.mlaas.attacker.grid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.attacker.report.ExperimentReport;
import dev.mlaas.attacker.report.TestReports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A grid keeps each cell as it finishes and, run again, computes only the cells it had not kept. */
class GridTests {

	@TempDir
	Path dir;

	private final List<Cell> computed = new ArrayList<>();

	private final List<String> progress = new ArrayList<>();

	private static List<Grid.Planned> plans(String salt) {
		List<Grid.Planned> plans = new ArrayList<>();
		for (String dataset : List.of("purchase-like", "fashion-mnist")) {
			for (long seed = 0; seed < 3; seed++) {
				plans.add(new Grid.Planned(new Cell(dataset, seed), dataset + "-seed" + seed,
						CellStore.hash(Map.of("dataset", dataset, "seed", seed, "salt", salt))));
			}
		}
		return plans;
	}

	private Grid.Runner runner(int failAt) {
		return (cell, steps) -> {
			steps.accept("training the target");
			if (this.computed.size() == failAt) {
				throw new IllegalStateException("killed in cell " + cell);
			}
			this.computed.add(cell);
			return TestReports.of(cell.dataset(), cell.seed(), 1.0);
		};
	}

	@Test
	void aGridStoppedHalfwayResumesWithoutRecomputingItsFinishedCells() throws Exception {
		CellStore store = new CellStore(this.dir);
		List<Grid.Finished> firstRun = new ArrayList<>();
		assertThatThrownBy(() -> new Grid(store, true, this.progress::add).run(plans("a"), runner(4), firstRun::add))
			.hasMessageContaining("killed in cell fashion-mnist seed 1");
		assertThat(firstRun).hasSize(4);
		assertThat(Files.list(this.dir).filter(f -> f.toString().endsWith(".json"))).hasSize(4);
		assertThat(Files.list(this.dir).filter(f -> f.toString().endsWith(".partial"))).isEmpty();

		this.computed.clear();
		List<Grid.Finished> secondRun = new Grid(store, true, this.progress::add).run(plans("a"), runner(-1),
				done -> {
				});
		assertThat(this.computed).containsExactly(new Cell("fashion-mnist", 1), new Cell("fashion-mnist", 2));
		assertThat(secondRun).extracting(Grid.Finished::reused)
			.containsExactly(true, true, true, true, false, false);
		// what is read back is what was kept, figure for figure
		for (int i = 0; i < 4; i++) {
			assertThat(CellStore.hash(secondRun.get(i).report())).isEqualTo(CellStore.hash(firstRun.get(i).report()));
		}
	}

	@Test
	void aCellWhoseInputsChangedIsComputedAgain() throws Exception {
		CellStore store = new CellStore(this.dir);
		new Grid(store, true, this.progress::add).run(plans("a"), runner(-1), done -> {
		});
		this.computed.clear();
		new Grid(store, true, this.progress::add).run(plans("b"), runner(-1), done -> {
		});
		assertThat(this.computed).hasSize(6);
	}

	@Test
	void withoutResumingEveryCellIsComputedAgain() throws Exception {
		CellStore store = new CellStore(this.dir);
		new Grid(store, true, this.progress::add).run(plans("a"), runner(-1), done -> {
		});
		this.computed.clear();
		new Grid(store, false, this.progress::add).run(plans("a"), runner(-1), done -> {
		});
		assertThat(this.computed).hasSize(6);
	}

	@Test
	void aDamagedCellFileIsComputedAgain() throws Exception {
		CellStore store = new CellStore(this.dir);
		List<Grid.Planned> plans = plans("a");
		new Grid(store, true, this.progress::add).run(plans, runner(-1), done -> {
		});
		Grid.Planned first = plans.get(0);
		Files.writeString(store.file(first.stem(), first.inputsHash()), "{\"inputsHash\": \"");
		this.computed.clear();
		new Grid(store, true, this.progress::add).run(plans, runner(-1), done -> {
		});
		assertThat(this.computed).containsExactly(first.cell());
	}

	@Test
	void aKeptCellLackingAnAttackTheClientNowRunsIsComputedAgain() throws Exception {
		CellStore store = new CellStore(this.dir);
		new Grid(store, true, this.progress::add).run(plans("a"), runner(-1), done -> {
		});
		// the same inputs, but this client's list (as "all" grows) has an attack the kept cells lack
		List<Grid.Planned> grown = plans("a").stream()
			.map(plan -> new Grid.Planned(plan.cell(), plan.stem(), plan.inputsHash(),
					plan.cell().seed() == 0 ? java.util.Set.of("yeom", "lira-offline", "label-only-robustness")
							: java.util.Set.of("yeom", "lira-offline")))
			.toList();
		this.computed.clear();
		new Grid(store, true, this.progress::add).run(grown, runner(-1), done -> {
		});
		assertThat(this.computed).containsExactly(new Cell("purchase-like", 0), new Cell("fashion-mnist", 0));
		assertThat(this.progress).anyMatch(line -> line.contains("lacks [label-only-robustness]"));
	}

	@Test
	void progressLinesNameTheCellTheStepTheTimeElapsedAndTheTimeLeft() throws Exception {
		new Grid(new CellStore(this.dir), true, this.progress::add).run(plans("a").subList(0, 2), runner(-1),
				done -> {
				});
		assertThat(this.progress.get(0))
			.matches("\\[cell 1/2 purchase-like seed 0 \\| 0m0\\ds elapsed, time left known after the first cell\\] "
					+ "training the target");
		assertThat(this.progress).anyMatch(line -> line.startsWith("[cell 2/2 purchase-like seed 1 | ")
				&& line.contains("s left] training the target"));
		assertThat(this.progress.get(this.progress.size() - 1)).contains("~0m00s left] finished in");
	}

	@Test
	void theTimeLeftIsEachWaitingCellsDatasetMeanOrTheMeanOfAllWhileItsDatasetHasNone() {
		List<Grid.Planned> plans = plans("a");
		Grid.Eta eta = new Grid.Eta(plans);
		assertThat(eta.seconds()).isEmpty();
		eta.done(plans.get(0), 10);
		eta.done(plans.get(1), 20);
		// one purchase-like cell left at its mean 15, three fashion-mnist cells at the overall mean 15
		assertThat(eta.seconds()).contains(60.0);
		assertThat(eta.left()).isEqualTo("~1m00s left (fashion-mnist not timed yet)");
		eta.skip(plans.get(2));
		eta.done(plans.get(3), 100);
		// fashion-mnist's own mean now: two cells at 100
		assertThat(eta.seconds()).contains(200.0);
		assertThat(eta.left()).isEqualTo("~3m20s left");
		assertThat(Grid.clock(3725)).isEqualTo("1h02m");
		assertThat(Grid.clock(125)).isEqualTo("2m05s");
	}

	@Test
	void theInputsHashDoesNotDependOnTheOrderAMapWasFilledIn() {
		Map<String, Object> one = new java.util.LinkedHashMap<>();
		one.put("a", 1);
		one.put("b", List.of(2, 3));
		Map<String, Object> other = new java.util.LinkedHashMap<>();
		other.put("b", List.of(2, 3));
		other.put("a", 1);
		assertThat(CellStore.hash(one)).isEqualTo(CellStore.hash(other)).hasSize(64);
		assertThat(CellStore.hash(one)).isNotEqualTo(CellStore.hash(Map.of("a", 1, "b", List.of(3, 2))));
		ExperimentReport report = TestReports.of("purchase-like", 0, 1.0);
		assertThat(CellStore.hash(report)).isEqualTo(CellStore.hash(TestReports.of("purchase-like", 0, 1.0)));
	}

}
