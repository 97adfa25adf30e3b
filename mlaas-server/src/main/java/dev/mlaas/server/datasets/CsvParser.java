package dev.mlaas.server.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a CSV of numeric features and one integer label column. One header line is skipped when its cells are not
 * all numbers. Every problem is reported with its 1-based row and column.
 */
class CsvParser {

	private final DatasetProperties limits;

	CsvParser(DatasetProperties limits) {
		this.limits = limits;
	}

	/** @param labelColumn the 0-based label column, or -1 for the last one */
	Records parse(InputStream in, int labelColumn) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		FloatBuffer features = new FloatBuffer();
		IntBuffer labels = new IntBuffer();
		int width = -1;
		int label = labelColumn;
		long row = 0;
		String line;
		while ((line = reader.readLine()) != null) {
			row++;
			if (row == 1 && line.startsWith("\uFEFF")) {
				line = line.substring(1);
			}
			if (line.isBlank()) {
				continue;
			}
			String[] cells = line.split(",", -1);
			if (width < 0) {
				if (row == 1 && !looksNumeric(cells)) {
					continue;
				}
				width = cells.length;
				if (width < 2) {
					throw InvalidDatasetException.at(row, 1, "a row needs at least one feature and a label");
				}
				label = (labelColumn < 0) ? width - 1 : labelColumn;
				if (label >= width) {
					throw InvalidDatasetException.at(row, label + 1, "the label column is past the end of the row")
						.with("labelColumn", labelColumn);
				}
				if (width - 1 > this.limits.maxFeatures()) {
					throw new DatasetLimitExceededException("features", width - 1, this.limits.maxFeatures());
				}
			}
			if (cells.length != width) {
				throw InvalidDatasetException.at(row, Math.min(cells.length, width) + 1,
						"expected " + width + " columns like the first row, found " + cells.length);
			}
			if (labels.size() >= this.limits.maxRecords()) {
				throw new DatasetLimitExceededException("records", labels.size() + 1L, this.limits.maxRecords());
			}
			if ((labels.size() + 1L) * (width - 1) > this.limits.maxValues()) {
				throw new DatasetLimitExceededException("values (records x features)",
						(labels.size() + 1L) * (width - 1), this.limits.maxValues());
			}
			for (int c = 0; c < width; c++) {
				String cell = cells[c].strip();
				if (c == label) {
					labels.add(parseLabel(cell, row, c + 1, this.limits.maxClasses()));
				}
				else {
					features.add(parseFeature(cell, row, c + 1));
				}
			}
		}
		if (labels.size() == 0) {
			throw new InvalidDatasetException("The CSV has no data rows.");
		}
		return new Records(features.toArray(), labels.toArray(), new int[] { width - 1 });
	}

	private static boolean looksNumeric(String[] cells) {
		for (String cell : cells) {
			try {
				Double.parseDouble(cell.strip());
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return true;
	}

	private static float parseFeature(String cell, long row, int column) {
		float value;
		try {
			value = Float.parseFloat(cell);
		}
		catch (NumberFormatException ex) {
			throw InvalidDatasetException.at(row, column, "'" + abbreviate(cell) + "' is not a number");
		}
		if (!Float.isFinite(value)) {
			throw InvalidDatasetException.at(row, column, "features must be finite numbers");
		}
		return value;
	}

	private static int parseLabel(String cell, long row, int column, int maxClasses) {
		try {
			int value = Integer.parseInt(cell);
			if (value < 0) {
				throw InvalidDatasetException.at(row, column, "labels must be integers from 0");
			}
			if (value >= maxClasses) {
				throw new DatasetLimitExceededException("classes (label " + value + ")", value + 1L, maxClasses);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw InvalidDatasetException.at(row, column, "label '" + abbreviate(cell) + "' is not an integer");
		}
	}

	private static String abbreviate(String cell) {
		return (cell.length() <= 20) ? cell : cell.substring(0, 20) + "...";
	}

	/** A growable float array: a CSV's row count is unknown until it is read. */
	private static final class FloatBuffer {

		private float[] values = new float[1024];

		private int size;

		void add(float value) {
			if (this.size == this.values.length) {
				this.values = java.util.Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		float[] toArray() {
			return java.util.Arrays.copyOf(this.values, this.size);
		}

	}

	private static final class IntBuffer {

		private int[] values = new int[256];

		private int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = java.util.Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		int size() {
			return this.size;
		}

		int[] toArray() {
			return java.util.Arrays.copyOf(this.values, this.size);
		}

	}

}
