package dev.mlaas.server.datasets;

import java.util.Arrays;

/**
 * Labelled records in memory: row-major features (ready for a native array without copying row by row), integer
 * labels from 0, and the shape of one record ({@code [600]} for a vector, {@code [28, 28]} for an image).
 */
public record Records(float[] features, int[] labels, int[] recordShape) {

	public Records {
		int width = Arrays.stream(recordShape).reduce(1, Math::multiplyExact);
		if (features.length != (long) labels.length * width) {
			throw new IllegalArgumentException("features do not match labels x record shape");
		}
	}

	public int size() {
		return this.labels.length;
	}

	public int numFeatures() {
		return Arrays.stream(this.recordShape).reduce(1, Math::multiplyExact);
	}

	public int numClasses() {
		return Arrays.stream(this.labels).max().orElse(-1) + 1;
	}

	/** The shape as stored and shown, e.g. {@code 28x28}. */
	public String shapeText() {
		return shapeText(this.recordShape);
	}

	public static String shapeText(int[] shape) {
		return String.join("x", Arrays.stream(shape).mapToObj(Integer::toString).toList());
	}

	public static int[] parseShape(String text) {
		return Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
	}

}
