package dev.mlaas.attacker.attack;

import java.util.Arrays;

/** Attack features from posteriors: the k largest probabilities, sorted descending (ML-Leaks). */
public final class PosteriorFeatures {

	private PosteriorFeatures() {
	}

	public static float[][] topK(float[][] posteriors, int k) {
		float[][] features = new float[posteriors.length][];
		for (int i = 0; i < posteriors.length; i++) {
			if (posteriors[i].length < k) {
				throw new IllegalArgumentException("posterior " + i + " has " + posteriors[i].length
						+ " entries, fewer than k = " + k);
			}
			float[] sorted = posteriors[i].clone();
			Arrays.sort(sorted);
			features[i] = new float[k];
			for (int j = 0; j < k; j++) {
				features[i][j] = sorted[sorted.length - 1 - j];
			}
		}
		return features;
	}

	/** ML-Leaks uses the top three posteriors, two for binary tasks. */
	public static int mlLeaksK(int numClasses) {
		return Math.min(3, numClasses);
	}

}
