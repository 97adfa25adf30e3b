package dev.mlaas.attacker.attack;

import java.util.Random;

/**
 * What the attacker knows of the input space's bounds, which ML-Leaks adversary 3 needs to draw random points:
 * bits (fair coins), values in [0, 1] (uniform, as scaled pixels), or nothing.
 */
public enum FeatureDomain {

	BINARY, UNIT_INTERVAL, UNKNOWN;

	/** {@code count} random records of {@code width} features from this domain; none for {@link #UNKNOWN}. */
	public float[][] randomPoints(int count, int width, long seed) {
		if (this == UNKNOWN) {
			throw new IllegalStateException("the input domain's bounds are unknown");
		}
		Random random = new Random(seed);
		float[][] points = new float[count][width];
		for (float[] point : points) {
			for (int f = 0; f < width; f++) {
				point[f] = (this == BINARY) ? (random.nextBoolean() ? 1f : 0f) : random.nextFloat();
			}
		}
		return points;
	}

	/** Bits when every value is 0 or 1; otherwise unknown (bounds seen in a sample are not the domain's). */
	public static FeatureDomain inferred(float[][] records) {
		for (float[] record : records) {
			for (float value : record) {
				if (value != 0f && value != 1f) {
					return UNKNOWN;
				}
			}
		}
		return BINARY;
	}

}
