package dev.mlaas.attacker.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ML-Leaks evaluation split: four disjoint parts of equal size. Members are {@code targetIn}, non-members
 * {@code targetOut}; the shadow parts are the attacker's own data.
 *
 * @param targetIn  the victim's training records (members)
 * @param targetOut the victim's held-out records (non-members)
 * @param shadowIn  the attacker's shadow training records
 * @param shadowOut the attacker's shadow held-out records
 */
public record FourWaySplit(LabeledData targetIn, LabeledData targetOut, LabeledData shadowIn, LabeledData shadowOut) {

	/**
	 * Shuffles the indices of {@code data} once with {@code seed} and cuts the first {@code 4n} into target in,
	 * target out, shadow in and shadow out, in that order.
	 *
	 * @throws IllegalArgumentException if {@code n < 1} or {@code 4n > data.size()}
	 */
	public static FourWaySplit mlLeaks(LabeledData data, int n, long seed) {
		if (n < 1) {
			throw new IllegalArgumentException("n must be positive: " + n);
		}
		if (4L * n > data.size()) {
			throw new IllegalArgumentException("4 parts of " + n + " records need " + 4L * n
					+ " records but the dataset has " + data.size());
		}
		int[] order = new int[data.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		SplittableRandom rng = new SplittableRandom(seed);
		for (int i = order.length - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		return new FourWaySplit(
				data.subset(Arrays.copyOfRange(order, 0, n)),
				data.subset(Arrays.copyOfRange(order, n, 2 * n)),
				data.subset(Arrays.copyOfRange(order, 2 * n, 3 * n)),
				data.subset(Arrays.copyOfRange(order, 3 * n, 4 * n)));
	}
}
