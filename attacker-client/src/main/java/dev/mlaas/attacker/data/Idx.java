package dev.mlaas.attacker.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST: two zero bytes, a type byte, a dimension-count byte,
 * one big-endian int32 size per dimension, then the values in big-endian row-major order.
 *
 * <p>The first dimension counts records; the others form the record shape. Values are returned as stored
 * (no scaling: use {@link #scale}).
 */
public final class Idx {

	/** The element types of the IDX format. */
	public enum Type {
		UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

		private final int code;
		private final int bytes;

		Type(int code, int bytes) {
			this.code = code;
			this.bytes = bytes;
		}

		/** The type byte in the header. */
		public int code() {
			return code;
		}

		/** The size of one value in bytes. */
		public int bytes() {
			return bytes;
		}

		/** The type with the given header byte. */
		public static Type ofCode(int code) {
			for (Type t : values()) {
				if (t.code == code) {
					return t;
				}
			}
			throw new IllegalArgumentException(String.format("unknown IDX type byte 0x%02X", code));
		}

		boolean isIntegral() {
			return this != FLOAT && this != DOUBLE;
		}

		/** Whether {@code v} is stored by this type without loss. */
		boolean holdsExactly(float v) {
			return switch (this) {
				// within these ranges the cast is exact for integers and drops a fraction otherwise; NaN fails them
				case UBYTE -> v >= 0 && v <= 255 && (int) v == v;
				case BYTE -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE && (int) v == v;
				case SHORT -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE && (int) v == v;
				// 2^31 is representable as a float but not as an int, hence the strict upper bound
				case INT -> v >= Integer.MIN_VALUE && v < 2147483648f && (int) v == v;
				case FLOAT, DOUBLE -> true;
			};
		}
	}

	private static final int GZIP_MAGIC_0 = 0x1f;
	private static final int GZIP_MAGIC_1 = 0x8b;

	private Idx() {
	}

	/**
	 * Reads an images file and a labels file (each gzipped or plain, detected from the content) into a dataset whose
	 * record shape is the images file's dimensions after the first.
	 *
	 * @throws IOException              if a file cannot be read, is not IDX, is truncated or has trailing bytes
	 * @throws IllegalArgumentException if the two files disagree on the number of records, or a label is negative
	 *                                  or not an integer
	 */
	public static LabeledData read(Path images, Path labels) throws IOException {
		Records imageRecords = readRecords(images);
		if (imageRecords.shape.length == 0) {
			throw new IOException(images + ": an images file needs at least 2 dimensions (count and record shape), found 1");
		}
		Records labelRecords = readRecords(labels);
		if (labelRecords.shape.length != 0) {
			throw new IOException(labels + ": a labels file must have exactly 1 dimension, found "
					+ (labelRecords.shape.length + 1));
		}
		if (imageRecords.rows.length != labelRecords.rows.length) {
			throw new IllegalArgumentException("count mismatch: " + images + " has " + imageRecords.rows.length
					+ " records but " + labels + " has " + labelRecords.rows.length);
		}
		int[] intLabels = new int[labelRecords.rows.length];
		for (int i = 0; i < intLabels.length; i++) {
			float v = labelRecords.rows[i][0];
			if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
				throw new IllegalArgumentException(labels + ": label " + i + " is not a non-negative integer: " + v);
			}
			intLabels[i] = (int) v;
		}
		return new LabeledData(imageRecords.rows, intLabels, imageRecords.shape);
	}

	/** Returns a copy of {@code d} with every feature value divided by {@code divisor}, e.g. 255 for pixels. */
	public static LabeledData scale(LabeledData d, float divisor) {
		float[][] rows = new float[d.size()][];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = d.features()[i].clone();
		}
		divideInPlace(rows, divisor);
		return new LabeledData(rows, d.labels().clone(), d.recordShape());
	}

	static void divideInPlace(float[][] rows, float divisor) {
		if (!(divisor != 0 && Float.isFinite(divisor))) {
			throw new IllegalArgumentException("divisor must be finite and non-zero: " + divisor);
		}
		for (float[] row : rows) {
			for (int j = 0; j < row.length; j++) {
				row[j] /= divisor;
			}
		}
	}

	/** The IDX images file of {@code d} as float32 values, dimensions {@code size} followed by the record shape. */
	public static byte[] imagesBytes(LabeledData d) {
		return imagesBytes(d, Type.FLOAT);
	}

	/**
	 * The IDX images file of {@code d} with the given element type.
	 *
	 * @throws IllegalArgumentException if a value is not exactly representable in {@code type}
	 */
	public static byte[] imagesBytes(LabeledData d, Type type) {
		int[] shape = d.recordShape();
		int[] dims = new int[shape.length + 1];
		dims[0] = d.size();
		System.arraycopy(shape, 0, dims, 1, shape.length);
		float[][] rows = d.features();
		long values = 0;
		for (float[] row : rows) {
			values += row.length;
		}
		long size = 4L + 4L * dims.length + values * type.bytes();
		if (size > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("an IDX file of " + size + " bytes does not fit in one array");
		}
		// filled in place, one loop per type: the attacker writes its shadow data inside the timed attack, and
		// a stream call per value took about 50 ms for 750,000 values before the JIT had compiled it
		ByteBuffer out = ByteBuffer.allocate((int) size);
		putHeader(out, type, dims);
		for (int i = 0; i < rows.length; i++) {
			float[] row = rows[i];
			int start = out.position();
			switch (type) {
				case UBYTE, BYTE -> {
					byte[] array = out.array();
					for (int j = 0; j < row.length; j++) {
						array[start + j] = (byte) (int) row[j];
					}
					out.position(start + row.length);
				}
				case SHORT -> {
					for (float v : row) {
						out.putShort((short) (int) v);
					}
				}
				case INT -> {
					for (float v : row) {
						out.putInt((int) v);
					}
				}
				case FLOAT -> {
					for (float v : row) {
						out.putFloat(v);
					}
				}
				case DOUBLE -> {
					for (float v : row) {
						out.putDouble(v);
					}
				}
			}
			if (type.isIntegral()) {
				for (int j = 0; j < row.length; j++) {
					if (!type.holdsExactly(row[j])) {
						throw notRepresentable(row[j], i, j, type);
					}
				}
			}
		}
		return out.array();
	}

	/** The IDX labels file of {@code d}: ubyte if every label is below 256, else int32. */
	public static byte[] labelsBytes(LabeledData d) {
		Type type = Type.UBYTE;
		for (int label : d.labels()) {
			if (label > 255) {
				type = Type.INT;
				break;
			}
		}
		ByteBuffer out = ByteBuffer.allocate(8 + d.size() * type.bytes());
		putHeader(out, type, new int[] {d.size()});
		for (int label : d.labels()) {
			if (type == Type.UBYTE) {
				out.put((byte) label);
			} else {
				out.putInt(label);
			}
		}
		return out.array();
	}

	/**
	 * The smallest image type that stores every value of {@code d} exactly among ubyte and float32: ubyte for
	 * 0/1 or 0..255 integer data (a quarter of the size), float32 otherwise.
	 */
	public static Type compactImageType(LabeledData d) {
		for (float[] row : d.features()) {
			for (float v : row) {
				if (!Type.UBYTE.holdsExactly(v)) {
					return Type.FLOAT;
				}
			}
		}
		return Type.UBYTE;
	}

	/** Writes {@code d} as plain (not gzipped) IDX files with float32 images. */
	public static void write(LabeledData d, Path images, Path labels) throws IOException {
		write(d, images, labels, Type.FLOAT);
	}

	/**
	 * Writes {@code d} as plain IDX files with the given image element type; pass {@link #compactImageType(LabeledData)}
	 * for the smallest exact encoding.
	 *
	 * @throws IllegalArgumentException if a value is not exactly representable in {@code imageType}
	 */
	public static void write(LabeledData d, Path images, Path labels, Type imageType) throws IOException {
		// built in memory before the file is opened, so that a bad type leaves no half-written file behind
		Files.write(images, imagesBytes(d, imageType));
		Files.write(labels, labelsBytes(d));
	}

	private static IllegalArgumentException notRepresentable(float value, int record, int index, Type type) {
		return new IllegalArgumentException(
				"value " + value + " of record " + record + " at " + index + " cannot be stored exactly as IDX " + type);
	}

	private static void putHeader(ByteBuffer out, Type type, int[] dims) {
		if (dims.length > 255) {
			throw new IllegalArgumentException("IDX allows at most 255 dimensions, got " + dims.length);
		}
		out.put((byte) 0).put((byte) 0).put((byte) type.code()).put((byte) dims.length);
		for (int dim : dims) {
			out.putInt(dim);
		}
	}

	/** The rows of one IDX file; {@code shape} is the dimensions after the first (empty for a 1-D file). */
	private record Records(float[][] rows, int[] shape) {
	}

	private static Records readRecords(Path file) throws IOException {
		try (InputStream in = open(file)) {
			DataInputStream data = new DataInputStream(in);
			byte[] magic = new byte[4];
			readFully(data, magic, file, "the 4-byte header");
			if (magic[0] != 0 || magic[1] != 0) {
				throw new IOException(String.format(
						"%s: not an IDX file (first bytes 0x%02X 0x%02X, expected 0x00 0x00)",
						file, magic[0] & 0xff, magic[1] & 0xff));
			}
			Type type;
			try {
				type = Type.ofCode(magic[2] & 0xff);
			} catch (IllegalArgumentException e) {
				throw new IOException(file + ": " + e.getMessage(), e);
			}
			int numDims = magic[3] & 0xff;
			if (numDims == 0) {
				throw new IOException(file + ": IDX header declares 0 dimensions");
			}
			byte[] dimBytes = new byte[4 * numDims];
			readFully(data, dimBytes, file, "the " + numDims + " dimension sizes");
			ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
			int[] dims = new int[numDims];
			for (int i = 0; i < numDims; i++) {
				dims[i] = dimBuffer.getInt();
				if (dims[i] < 0) {
					throw new IOException(file + ": dimension " + i + " has negative size " + dims[i]);
				}
			}
			int count = dims[0];
			int[] shape = Arrays.copyOfRange(dims, 1, numDims);
			int width;
			try {
				width = LabeledData.widthOf(shape);
			} catch (IllegalArgumentException e) {
				throw new IOException(file + ": " + e.getMessage(), e);
			}
			if ((long) width * type.bytes() > Integer.MAX_VALUE) {
				throw new IOException(file + ": record of " + width + " values is too large");
			}
			float[][] rows = new float[count][];
			byte[] buffer = new byte[width * type.bytes()];
			ByteBuffer view = ByteBuffer.wrap(buffer);
			for (int r = 0; r < count; r++) {
				try {
					data.readFully(buffer);
				} catch (EOFException e) {
					throw new IOException(file + ": truncated, header declares " + count + " records of "
							+ width + " " + type + " values but data ends inside record " + r, e);
				}
				view.clear();
				float[] row = new float[width];
				for (int j = 0; j < width; j++) {
					row[j] = readValue(view, type);
				}
				rows[r] = row;
			}
			if (data.read() != -1) {
				throw new IOException(file + ": unexpected bytes after the " + count + " records the header declares");
			}
			return new Records(rows, shape);
		}
	}

	private static float readValue(ByteBuffer view, Type type) {
		return switch (type) {
			case UBYTE -> view.get() & 0xff;
			case BYTE -> view.get();
			case SHORT -> view.getShort();
			case INT -> view.getInt();
			case FLOAT -> view.getFloat();
			case DOUBLE -> (float) view.getDouble();
		};
	}

	private static void readFully(DataInputStream in, byte[] target, Path file, String what) throws IOException {
		try {
			in.readFully(target);
		} catch (EOFException e) {
			throw new IOException(file + ": truncated, file ends inside " + what, e);
		}
	}

	/** Opens {@code file}, transparently un-gzipping it when it starts with the gzip magic bytes. */
	private static InputStream open(Path file) throws IOException {
		BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		try {
			in.mark(2);
			int b0 = in.read();
			int b1 = in.read();
			in.reset();
			if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
				return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
			}
			return in;
		} catch (IOException | RuntimeException e) {
			in.close();
			throw e;
		}
	}
}
