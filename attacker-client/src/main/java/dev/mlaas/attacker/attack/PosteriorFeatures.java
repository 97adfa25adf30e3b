package dev.mlaas.attacker.attack;

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
			features[i] = largest(posteriors[i], k);
		}
		return features;
	}

	/**
	 * The k largest entries, descending, in {@link Float#compare}'s order (that of {@code Arrays.sort}): one pass
	 * that keeps k candidates, because sorting every whole posterior (100 classes) took longer than the attack's
	 * queries did.
	 */
	private static float[] largest(float[] posterior, int k) {
		float[] top = new float[k];
		int kept = 0;
		for (float value : posterior) {
			if (kept == k && Float.compare(value, top[k - 1]) <= 0) {
				continue;
			}
			int at = (kept < k) ? kept++ : k - 1;
			while (at > 0 && Float.compare(value, top[at - 1]) > 0) {
				top[at] = top[at - 1];
				at--;
			}
			top[at] = value;
		}
		return top;
	}

	/**
	 * Why an attack on ML-Leaks' features cannot run under an output policy ({@link MembershipAttack#notApplicable}),
	 * or null: top-k with k at least {@link #mlLeaksK} leaves them.
	 */
	static String mlLeaksNotApplicable(String policy, int classes) {
		int needed = mlLeaksK(classes);
		return (dev.mlaas.attacker.http.OutputPolicySpec.largestKept(policy, classes) >= needed) ? null
				: "reads the " + needed + " largest posteriors, which " + policy + " does not leave";
	}

	/** ML-Leaks uses the top three posteriors, two for binary tasks. */
	public static int mlLeaksK(int numClasses) {
		return Math.min(3, numClasses);
	}

}
