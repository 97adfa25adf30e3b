package dev.mlaas.attacker.attack;

import java.util.Arrays;

/** Choosing a decision threshold from scores whose membership the attacker knows (its shadow's). */
final class Thresholds {

	private Thresholds() {
	}

	/**
	 * The threshold t for "member when score > t" that classifies the most of {@code members} and
	 * {@code nonMembers} right; the lowest such t on a tie. Negative infinity calls everyone a member.
	 */
	static double mostAccurate(double[] members, double[] nonMembers) {
		int n = members.length + nonMembers.length;
		double[] values = new double[n];
		boolean[] member = new boolean[n];
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			boolean in = i < members.length;
			values[i] = in ? members[i] : nonMembers[i - members.length];
			member[i] = in;
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
		// t = -infinity: every member right, every non-member wrong
		int correct = members.length;
		int bestCorrect = correct;
		double best = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < n; k++) {
			correct += member[order[k]] ? -1 : 1;
			// only between distinct values: a threshold cannot split equal scores
			if (k + 1 < n && values[order[k + 1]] == values[order[k]]) {
				continue;
			}
			if (correct > bestCorrect) {
				bestCorrect = correct;
				best = values[order[k]];
			}
		}
		return best;
	}

	/** The value below which {@code share} of {@code values} lie (nearest rank, {@code share} in (0, 1]). */
	static double quantile(double[] values, double share) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(share * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
	}

}
