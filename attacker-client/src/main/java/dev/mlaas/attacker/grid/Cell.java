package dev.mlaas.attacker.grid;

/**
 * One cell of an experiment grid: a dataset, a seed and the setting (a defense or output policy, or null for the
 * command as given). Every attack of the grid runs in it against one target, sharing that target's answers and the
 * shadow and reference models trained for it.
 */
public record Cell(String dataset, long seed, String setting) {

	public Cell(String dataset, long seed) {
		this(dataset, seed, null);
	}

	@Override
	public String toString() {
		return this.dataset + ((this.setting != null) ? " [" + this.setting + "]" : "") + " seed " + this.seed;
	}

}
