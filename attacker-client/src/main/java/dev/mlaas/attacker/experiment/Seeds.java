package dev.mlaas.attacker.experiment;

import java.util.SplittableRandom;

/** Every random choice of one experiment, derived from its one seed and recorded in the report. */
public record Seeds(long experiment, long split, long targetTraining, long shadowTraining, long shadowSplit,
		long attackModel, long candidateOrder, long attacks, long references, long shadowSource) {

	public static Seeds from(long seed) {
		SplittableRandom root = new SplittableRandom(seed);
		// drawn in this order, so that adding a seed at the end leaves the earlier ones (and results) as they were
		return new Seeds(seed, seed, root.split().nextLong(), root.split().nextLong(), root.split().nextLong(),
				root.split().nextLong(), root.split().nextLong(), root.split().nextLong(), root.split().nextLong(),
				root.split().nextLong());
	}

}
