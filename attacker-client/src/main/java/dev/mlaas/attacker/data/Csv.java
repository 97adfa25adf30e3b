package dev.mlaas.attacker.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a comma-separated file of numbers with one integer label column into a {@link LabeledData} whose record
 * shape is {@code {number of feature columns}}.
 *
 * <p>A first line with any cell that is not a number is taken as a header and skipped. Blank lines are skipped;
 * cells may be surrounded by spaces or double quotes. A gzipped file is read as its content.
 */
public final class Csv {

	private Csv() {
	}

	/** The file's text, gunzipped when it starts with gzip's magic bytes (whatever its name). */
	static BufferedReader open(Path file) throws IOException {
		java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file));
		in.mark(2);
		boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
		in.reset();
		java.io.InputStream content = gzipped ? new java.util.zip.GZIPInputStream(in) : in;
		return new BufferedReader(new java.io.InputStreamReader(content, StandardCharsets.UTF_8));
	}

	/**
	 * Reads {@code file}.
	 *
	 * @param labelColumn the 0-based index of the label column, or -1 for the last column
	 * @throws IOException              if the file cannot be read
	 * @throws IllegalArgumentException if a cell is not a finite number, a label is not a non-negative integer,
	 *                                  a line has a different number of cells than the first, or the label column
	 *                                  does not exist; the message names the 1-based line and column
	 */
	public static LabeledData read(Path file, int labelColumn) throws IOException {
		if (labelColumn < -1) {
			throw new IllegalArgumentException("labelColumn must be >= 0 or -1 for the last column: " + labelColumn);
		}
		List<float[]> rows = new ArrayList<>();
		List<Integer> labels = new ArrayList<>();
		int columns = -1;
		int label = -1;
		try (BufferedReader reader = open(file)) {
			String line;
			int lineNumber = 0;
			boolean first = true;
			while ((line = reader.readLine()) != null) {
				lineNumber++;
				if (lineNumber == 1 && line.startsWith("\uFEFF")) {
					line = line.substring(1);
				}
				if (line.isBlank()) {
					continue;
				}
				String[] cells = split(line);
				if (first) {
					first = false;
					columns = cells.length;
					if (columns < 2) {
						throw new IllegalArgumentException(where(file, lineNumber)
								+ "need at least 2 columns (features and a label), found " + columns);
					}
					label = labelColumn == -1 ? columns - 1 : labelColumn;
					if (label >= columns) {
						throw new IllegalArgumentException(where(file, lineNumber) + "label column " + labelColumn
								+ " does not exist, the line has " + columns + " columns");
					}
					if (isHeader(cells)) {
						continue;
					}
				}
				if (cells.length != columns) {
					throw new IllegalArgumentException(where(file, lineNumber) + "expected " + columns
							+ " columns, found " + cells.length);
				}
				float[] row = new float[columns - 1];
				int k = 0;
				for (int c = 0; c < columns; c++) {
					if (c == label) {
						labels.add(parseLabel(cells[c], file, lineNumber, c));
					} else {
						row[k++] = parseValue(cells[c], file, lineNumber, c);
					}
				}
				rows.add(row);
			}
		}
		if (rows.isEmpty()) {
			throw new IllegalArgumentException(file + ": no data rows");
		}
		int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
		return new LabeledData(rows.toArray(new float[0][]), labelArray, new int[] {columns - 1});
	}

	private static String[] split(String line) {
		String[] cells = line.split(",", -1);
		for (int i = 0; i < cells.length; i++) {
			String cell = cells[i].strip();
			if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
				cell = cell.substring(1, cell.length() - 1).strip();
			}
			cells[i] = cell;
		}
		return cells;
	}

	private static boolean isHeader(String[] cells) {
		for (String cell : cells) {
			if (parseOrNull(cell) == null) {
				return true;
			}
		}
		return false;
	}

	/** A finite float, or null; rejects Java-only spellings such as "1f", "0x1p3" or "NaN". */
	private static Float parseOrNull(String cell) {
		if (cell.isEmpty()) {
			return null;
		}
		for (int i = 0; i < cell.length(); i++) {
			char ch = cell.charAt(i);
			boolean allowed = (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E';
			if (!allowed) {
				return null;
			}
		}
		try {
			float v = Float.parseFloat(cell);
			return Float.isFinite(v) ? v : null;
		} catch (NumberFormatException e) {
			return null;
		}
	}

	private static float parseValue(String cell, Path file, int line, int column) {
		Float v = parseOrNull(cell);
		if (v == null) {
			throw new IllegalArgumentException(where(file, line) + "column " + (column + 1)
					+ ": not a finite number: '" + cell + "'");
		}
		return v;
	}

	private static int parseLabel(String cell, Path file, int line, int column) {
		try {
			int exact = Integer.parseInt(cell);
			if (exact >= 0) {
				return exact;
			}
		} catch (NumberFormatException e) {
			// not a plain integer: "3.0" is still accepted below
		}
		Float v = parseOrNull(cell);
		if (v == null || v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(where(file, line) + "column " + (column + 1)
					+ ": label is not a non-negative integer: '" + cell + "'");
		}
		return (int) (float) v;
	}

	private static String where(Path file, int line) {
		return file + ", line " + line + ": ";
	}
	/** Writes {@code data} with the label in the last column, whole numbers without a fraction, no header. */
	public static void write(LabeledData data, Path file) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		try (java.io.BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < data.size(); i++) {
				line.setLength(0);
				for (float value : data.features()[i]) {
					line.append((value == Math.rint(value) && Math.abs(value) < 1e7) ? Integer.toString((int) value)
							: Float.toString(value)).append(',');
				}
				out.append(line).append(Integer.toString(data.labels()[i])).append('\n');
			}
		}
	}

}
