package dev.mlaas.attacker.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /predict}'s bodies as NumPy {@code .npy} arrays: the instances go out as one array of shape
 * (instances, features), uint8 when every feature is a whole number from 0 to 255 (Purchase-like's bits, raw
 * pixels: a quarter of float32's bytes, the same values) and float32 otherwise; the posteriors come back as one
 * float32 array of shape (instances, classes). Exact both ways, and no number is written or parsed as text.
 */
final class PredictNpy {

	static final String MEDIA_TYPE = "application/x-npy";

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private static final int NEGATIVE_ZERO = Float.floatToRawIntBits(-0f);

	/** Up to 9 digits a dimension: larger ones cannot be in an answer that fits in a Java array. */
	private static final Pattern ROWS = Pattern.compile("'shape':\\s*\\((\\d{1,9}),\\)");

	private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d{1,9}),\\s*(\\d{1,9})\\)");

	private PredictNpy() {
	}

	/** The instances as one C-order array, in the smallest of uint8 and float32 that holds them exactly. */
	static byte[] instances(float[][] instances) {
		if (instances.length == 0) {
			throw new IllegalArgumentException("A batch needs at least one instance");
		}
		int width = instances[0].length;
		boolean bytes = true;
		for (float[] instance : instances) {
			if (instance.length != width) {
				throw new IllegalArgumentException("Instances of " + width + " and " + instance.length
						+ " features cannot go in one array");
			}
			for (float value : instance) {
				// +0 only: -0 is not a byte, and goes out as a float
				bytes &= value >= 0 && value <= 255 && value == (int) value
						&& Float.floatToRawIntBits(value) != NEGATIVE_ZERO;
			}
		}
		byte[] header = header(bytes ? "|u1" : "<f4", instances.length, width);
		ByteBuffer out = ByteBuffer.allocate(header.length + instances.length * width * (bytes ? 1 : Float.BYTES))
			.order(ByteOrder.LITTLE_ENDIAN)
			.put(header);
		if (bytes) {
			byte[] array = out.array();
			int at = header.length;
			for (float[] instance : instances) {
				for (float value : instance) {
					array[at++] = (byte) value;
				}
			}
		}
		else {
			var floats = out.asFloatBuffer();
			for (float[] instance : instances) {
				floats.put(instance);
			}
		}
		return out.array();
	}

	/** Where a version 1 {@code .npy} answer's data start, after its magic string and header. */
	private static int dataStart(byte[] body) {
		if (body.length < 10 || !java.util.Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
				|| body[MAGIC.length] != 1) {
			throw new IllegalStateException("The service's answer is not a version 1 .npy array");
		}
		return 10 + ((body[8] & 0xff) | (body[9] & 0xff) << 8);
	}

	/** Reads the service's answer: a version 1 float32 array of shape (rows, columns). */
	static float[][] posteriors(byte[] body) {
		int dataStart = dataStart(body);
		String header = new String(body, 10, Math.min(dataStart, body.length) - 10, StandardCharsets.ISO_8859_1);
		Matcher shape = SHAPE.matcher(header);
		if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True") || !shape.find()) {
			throw new IllegalStateException("The service's answer is not a 2-D float32 array: " + header.strip());
		}
		long rows = Long.parseLong(shape.group(1));
		long columns = Long.parseLong(shape.group(2));
		if ((long) body.length - dataStart != rows * columns * Float.BYTES) {
			throw new IllegalStateException("The service's answer announces " + rows + " x " + columns
					+ " floats but carries " + (body.length - dataStart) + " bytes of data");
		}
		var floats = ByteBuffer.wrap(body, dataStart, body.length - dataStart)
			.slice()
			.order(ByteOrder.LITTLE_ENDIAN)
			.asFloatBuffer();
		float[][] posteriors = new float[(int) rows][(int) columns];
		for (float[] row : posteriors) {
			floats.get(row);
		}
		return posteriors;
	}

	/**
	 * Reads an answer in the shape an output policy leaves ({@code Mlaas-Output-Policy}), as vectors of the model's
	 * {@code classes} width: under {@code top-k} the k posteriors the service kept, the other classes 0; under
	 * {@code label-only} 1 for the predicted class and 0 for the others. Only attacks that read no more than the
	 * policy left may use them (see {@code OutputShape}); {@code full} and {@code rounding} are the posteriors.
	 */
	static float[][] answers(byte[] body, String policy, int classes) {
		if (!policy.startsWith("top-k") && !policy.equals("label-only")) {
			return posteriors(body);
		}
		int dataStart = dataStart(body);
		String header = new String(body, 10, Math.min(dataStart, body.length) - 10, StandardCharsets.ISO_8859_1);
		Matcher rows = ROWS.matcher(header);
		int k = policy.equals("label-only") ? 1 : Integer.parseInt(policy.substring("top-k:".length()));
		String descr = policy.equals("label-only") ? "'descr': '<i4'"
				: "'descr': [('classes', '<i4', (" + k + ",)), ('posteriors', '<f4', (" + k + ",))]";
		if (!header.contains(descr) || !rows.find()) {
			throw new IllegalStateException("The service's answer is not what " + policy + " leaves: " + header.strip());
		}
		int n = Integer.parseInt(rows.group(1));
		int width = policy.equals("label-only") ? 4 : 8 * k;
		if ((long) body.length - dataStart != (long) n * width) {
			throw new IllegalStateException("The service's answer announces " + n + " rows but carries "
					+ (body.length - dataStart) + " bytes of data");
		}
		ByteBuffer data = ByteBuffer.wrap(body, dataStart, body.length - dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
		float[][] answers = new float[n][classes];
		int[] kept = new int[k];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < k; j++) {
				kept[j] = data.getInt();
				if (kept[j] < 0 || kept[j] >= classes) {
					throw new IllegalStateException("The service's answer names class " + kept[j] + " of " + classes);
				}
			}
			for (int j = 0; j < k; j++) {
				answers[i][kept[j]] = policy.equals("label-only") ? 1f : data.getFloat();
			}
		}
		return answers;
	}

	/** A version 1.0 header as {@code numpy.save} writes it: the data starts at a multiple of 64 bytes. */
	static byte[] header(String descr, int rows, int columns) {
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
		int length = (MAGIC.length + 4 + dict.length() + 1 + 63) / 64 * 64;
		ByteBuffer header = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (length - MAGIC.length - 4));
		header.put(dict.getBytes(StandardCharsets.US_ASCII));
		while (header.position() < length - 1) {
			header.put((byte) ' ');
		}
		return header.put((byte) '\n').array();
	}

}
