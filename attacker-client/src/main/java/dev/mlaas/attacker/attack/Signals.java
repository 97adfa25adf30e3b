package dev.mlaas.attacker.attack;

/**
 * What attacks read from one posterior vector (and the record's true label): pure functions, no I/O. Sums run in
 * double over the float posteriors.
 */
public final class Signals {

	/** LiRA's guard against log(0), as in Carlini et al.'s code. */
	private static final double TINY = 1e-45;

	private Signals() {
	}

	/** The largest posterior (ML-Leaks adversary 3). */
	public static double maxPosterior(float[] posterior) {
		float max = posterior[0];
		for (float p : posterior) {
			max = Math.max(max, p);
		}
		return max;
	}

	/** The class with the largest posterior; the first one on a tie. */
	public static int predictedLabel(float[] posterior) {
		int best = 0;
		for (int c = 1; c < posterior.length; c++) {
			if (posterior[c] > posterior[best]) {
				best = c;
			}
		}
		return best;
	}

	/** Shannon entropy in nats, with 0 log 0 = 0. Low entropy: a confident answer, as members tend to get. */
	public static double entropy(float[] posterior) {
		double entropy = 0;
		for (float p : posterior) {
			if (p > 0) {
				entropy -= p * Math.log(p);
			}
		}
		return entropy;
	}

	/** The population standard deviation of the posterior's entries. */
	public static double standardDeviation(float[] posterior) {
		double mean = 0;
		for (float p : posterior) {
			mean += p;
		}
		mean /= posterior.length;
		double squares = 0;
		for (float p : posterior) {
			squares += (p - mean) * (p - mean);
		}
		return Math.sqrt(squares / posterior.length);
	}

	/** The posterior of the record's true label. */
	public static double trueLabelConfidence(float[] posterior, int label) {
		return posterior[label];
	}

	/**
	 * LiRA's phi: log p_y - log (sum of the other classes' p), from the vector itself, so that p_y close to 1 keeps
	 * its precision (1 - p_y in float would be 0 for any p_y above 1 - 6e-8).
	 */
	public static double liraPhi(float[] posterior, int label) {
		double others = 0;
		for (int c = 0; c < posterior.length; c++) {
			if (c != label) {
				others += posterior[c];
			}
		}
		return Math.log(posterior[label] + TINY) - Math.log(others + TINY);
	}

}
