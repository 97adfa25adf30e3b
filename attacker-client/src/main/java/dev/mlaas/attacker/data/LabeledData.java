package dev.mlaas.attacker.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled dataset held in memory: one flattened {@code float} row per record, an integer class label per record,
 * and the shape of a single record ({28, 28} for an image, {600} for a feature vector).
 *
 * <p>The arrays are not copied, so treat an instance as immutable once built: 70,000 images are 220 MB and a
 * defensive copy on every construction would double that.
 *
 * @param features    one row per record, each of length {@code product(recordShape)}
 * @param labels      one class label per record, each {@code >= 0}
 * @param recordShape the shape of one record, every dimension {@code >= 1}
 */
public record LabeledData(float[][] features, int[] labels, int[] recordShape) {

	/** Checks that the three arrays describe a consistent dataset. */
	public LabeledData {
		if (features == null || labels == null || recordShape == null) {
			throw new IllegalArgumentException("features, labels and recordShape must not be null");
		}
		if (features.length != labels.length) {
			throw new IllegalArgumentException(
					"features has " + features.length + " rows but labels has " + labels.length + " entries");
		}
		if (recordShape.length == 0) {
			throw new IllegalArgumentException("recordShape must have at least one dimension");
		}
		recordShape = recordShape.clone();
		int width = widthOf(recordShape);
		for (int i = 0; i < features.length; i++) {
			if (features[i] == null) {
				throw new IllegalArgumentException("row " + i + " is null");
			}
			if (features[i].length != width) {
				throw new IllegalArgumentException("row " + i + " has " + features[i].length
						+ " values but recordShape " + Arrays.toString(recordShape) + " needs " + width);
			}
		}
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0) {
				throw new IllegalArgumentException("label of row " + i + " is negative: " + labels[i]);
			}
		}
	}

	/** The number of values in one record of the given shape; fails on non-positive dimensions or overflow. */
	static int widthOf(int[] shape) {
		int width = 1;
		for (int dim : shape) {
			if (dim < 1) {
				throw new IllegalArgumentException("record dimensions must be >= 1: " + Arrays.toString(shape));
			}
			try {
				width = Math.multiplyExact(width, dim);
			} catch (ArithmeticException e) {
				throw new IllegalArgumentException("record shape too large: " + Arrays.toString(shape), e);
			}
		}
		return width;
	}

	/** Returns a copy of the record shape. */
	@Override
	public int[] recordShape() {
		return recordShape.clone();
	}

	/** The number of records. */
	public int size() {
		return labels.length;
	}

	/** The number of values in one flattened record. */
	public int numFeatures() {
		return widthOf(recordShape);
	}

	/** The largest label plus one (0 for an empty dataset). */
	public int numClasses() {
		int max = -1;
		for (int label : labels) {
			max = Math.max(max, label);
		}
		return max + 1;
	}

	/**
	 * The records at the given indices, in that order; rows are copied so the subset does not alias this dataset.
	 *
	 * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
	 */
	public LabeledData subset(int[] indices) {
		float[][] rows = new float[indices.length][];
		int[] subLabels = new int[indices.length];
		for (int i = 0; i < indices.length; i++) {
			int index = Objects.checkIndex(indices[i], labels.length);
			rows[i] = features[index].clone();
			subLabels[i] = labels[index];
		}
		return new LabeledData(rows, subLabels, recordShape);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof LabeledData other
				&& Arrays.deepEquals(features, other.features)
				&& Arrays.equals(labels, other.labels)
				&& Arrays.equals(recordShape, other.recordShape);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Arrays.deepHashCode(features) + Arrays.hashCode(labels)) + Arrays.hashCode(recordShape);
	}

	@Override
	public String toString() {
		return "LabeledData[size=" + size() + ", recordShape=" + Arrays.toString(recordShape)
				+ ", numClasses=" + numClasses() + "]";
	}
}
