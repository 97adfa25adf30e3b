package dev.mlaas.attacker.grid;

/**
 * One cell of an experiment grid: a dataset and a seed. Every attack of the grid runs in it against one target,
 * sharing that target's answers and the shadow and reference models trained for it.
 */
public record Cell(String dataset, long seed) {

	@Override
	public String toString() {
		return this.dataset + " seed " + this.seed;
	}

}
