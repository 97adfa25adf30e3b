package dev.mlaas.attacker.experiment;

import java.util.SplittableRandom;

/** Every random choice of one experiment, derived from its one seed and recorded in the report. */
public record Seeds(long experiment, long split, long targetTraining, long shadowTraining, long shadowSplit,
		long attackModel, long candidateOrder) {

	public static Seeds from(long seed) {
		SplittableRandom root = new SplittableRandom(seed);
		return new Seeds(seed, seed, root.split().nextLong(), root.split().nextLong(), root.split().nextLong(),
				root.split().nextLong(), root.split().nextLong());
	}

}
