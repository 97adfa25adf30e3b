package dev.mlaas.attacker.grid;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.mlaas.attacker.report.ExperimentReport;

/**
 * Runs the cells of a grid one after another, each through a {@link Runner}, reading a cell from the
 * {@link CellStore} instead when one with the same inputs is already there, and keeping each cell the moment it
 * finishes: a grid stopped halfway (crash, Ctrl-C, budget) and started again recomputes only what it had not kept.
 * Its progress lines name the cell, the step, the time elapsed and an estimate of the time left.
 */
public final class Grid {

	/** Computes one cell; {@code progress} takes its steps. */
	@FunctionalInterface
	public interface Runner {

		ExperimentReport run(Cell cell, Consumer<String> progress) throws Exception;

	}

	/**
	 * What decides a cell's figures: its hash files the cell, and its stem names its files. {@code attacks} are the
	 * attacks the cell must report (or call not applicable): a kept cell that lacks one, written by a client from
	 * before that attack joined a list such as {@code all}, is computed again.
	 */
	public record Planned(Cell cell, String stem, String inputsHash, java.util.Set<String> attacks) {

		public Planned(Cell cell, String stem, String inputsHash) {
			this(cell, stem, inputsHash, java.util.Set.of());
		}

		/** The planned attacks a kept report neither ran nor called not applicable. */
		java.util.Set<String> missingFrom(ExperimentReport report) {
			java.util.Set<String> missing = new java.util.TreeSet<>(this.attacks);
			report.attacks().forEach(attack -> missing.remove(attack.id()));
			if (report.notApplicable() != null) {
				missing.removeAll(report.notApplicable().keySet());
			}
			return missing;
		}

	}

	/** A finished cell, computed in this run or read from the store, and the seconds its computing took here. */
	public record Finished(Planned plan, ExperimentReport report, boolean reused, double seconds) {
	}

	private final CellStore store;

	private final boolean resume;

	private final Consumer<String> progress;

	/**
	 * @param resume read cells already in the store; false recomputes (and overwrites) every cell
	 * @param progress takes whole progress lines
	 */
	public Grid(CellStore store, boolean resume, Consumer<String> progress) {
		this.store = store;
		this.resume = resume;
		this.progress = progress;
	}

	/**
	 * Runs {@code plans} in order; {@code onFinished} sees each cell as it is kept or read, for its pages.
	 * A failing cell stops the grid with the cells before it kept.
	 */
	public List<Finished> run(List<Planned> plans, Runner runner, Consumer<Finished> onFinished) throws Exception {
		Instant started = Instant.now();
		Eta eta = new Eta(plans);
		List<Finished> finished = new ArrayList<>();
		for (int i = 0; i < plans.size(); i++) {
			Planned plan = plans.get(i);
			String where = "cell " + (i + 1) + "/" + plans.size() + " " + plan.cell();
			Optional<ExperimentReport> kept = this.resume ? this.store.finished(plan.stem(), plan.inputsHash())
					: Optional.empty();
			if (kept.isPresent() && !plan.missingFrom(kept.get()).isEmpty()) {
				this.progress.accept(line(where, started, eta, "the kept cell lacks " + plan.missingFrom(kept.get())
						+ ", which this client runs: computing it again"));
				kept = Optional.empty();
			}
			Finished done;
			if (kept.isPresent()) {
				done = new Finished(plan, kept.get(), true, 0);
				eta.skip(plan);
				this.progress.accept(line(where, started, eta, "reused: finished before with the same inputs ("
						+ this.store.file(plan.stem(), plan.inputsHash()).getFileName() + ")"));
			}
			else {
				Instant cellStarted = Instant.now();
				String[] last = { null };
				ExperimentReport report = runner.run(plan.cell(), step -> {
					// a step said again (a job's progress polled twice) is not a new line
					synchronized (last) {
						if (!step.equals(last[0])) {
							last[0] = step;
							this.progress.accept(line(where, started, eta, step));
						}
					}
				});
				double seconds = Duration.between(cellStarted, Instant.now()).toMillis() / 1000.0;
				this.store.save(plan.stem(), plan.inputsHash(), report);
				eta.done(plan, seconds);
				done = new Finished(plan, report, false, seconds);
			}
			finished.add(done);
			onFinished.accept(done);
			if (!done.reused()) {
				this.progress.accept(line(where, started, eta, "finished in " + clock(done.seconds()) + " and kept"));
			}
		}
		return finished;
	}

	private static String line(String where, Instant started, Eta eta, String step) {
		double elapsed = Duration.between(started, Instant.now()).toMillis() / 1000.0;
		return "[" + where + " | " + clock(elapsed) + " elapsed, " + eta.left() + "] " + step;
	}

	/** Minutes and seconds, or hours and minutes. */
	static String clock(double seconds) {
		long s = Math.round(seconds);
		return (s >= 3600) ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
				: String.format("%dm%02ds", s / 60, s % 60);
	}

	/**
	 * The time left: for each cell still to run, the mean time of the cells of its dataset computed so far in this
	 * run (datasets differ by minutes a cell), or of all computed cells while its dataset has none.
	 */
	static final class Eta {

		private final List<Planned> waiting;

		private final java.util.Map<String, double[]> byDataset = new java.util.HashMap<>();

		private double sum;

		private int count;

		Eta(List<Planned> plans) {
			this.waiting = new ArrayList<>(plans);
		}

		void skip(Planned plan) {
			this.waiting.remove(plan);
		}

		void done(Planned plan, double seconds) {
			this.waiting.remove(plan);
			double[] stats = this.byDataset.computeIfAbsent(plan.cell().dataset(), key -> new double[2]);
			stats[0] += seconds;
			stats[1]++;
			this.sum += seconds;
			this.count++;
		}

		/** Seconds left by the estimate, or empty before any cell was computed. */
		Optional<Double> seconds() {
			if (this.count == 0) {
				return this.waiting.isEmpty() ? Optional.of(0.0) : Optional.empty();
			}
			double left = 0;
			for (Planned plan : this.waiting) {
				double[] stats = this.byDataset.get(plan.cell().dataset());
				left += (stats != null) ? stats[0] / stats[1] : this.sum / this.count;
			}
			// the cell running now is still in the list, counted as a whole cell
			return Optional.of(left);
		}

		String left() {
			java.util.Set<String> untimed = new java.util.LinkedHashSet<>();
			this.waiting.forEach(plan -> {
				if (!this.byDataset.containsKey(plan.cell().dataset())) {
					untimed.add(plan.cell().dataset());
				}
			});
			// another dataset's cells can take many times as long: say the estimate borrows from others
			String borrowed = (this.count > 0 && !untimed.isEmpty())
					? " (" + String.join(", ", untimed) + " not timed yet)" : "";
			return seconds().map(s -> "~" + clock(s) + " left" + borrowed)
				.orElse("time left known after the first cell");
		}

	}


}
