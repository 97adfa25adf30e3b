package dev.mlaas.attacker.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The other side of {@link PredictNpy} for tests: reads what the client sends and writes what the service answers. */
final class TestNpy {

	private static final Pattern HEADER = Pattern
		.compile("\\{'descr': '(\\|u1|<f4)', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), \\} *\\n");

	private TestNpy() {
	}

	/** A uint8 or float32 2-D array, checked against numpy's layout (magic, version 1, 64-byte aligned data). */
	static float[][] read(byte[] npy) {
		ByteBuffer in = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
		if (npy[0] != (byte) 0x93 || !new String(npy, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY") || npy[6] != 1
				|| npy[7] != 0) {
			throw new IllegalArgumentException("not a version 1.0 .npy array");
		}
		int dataStart = 10 + (in.getShort(8) & 0xffff);
		if (dataStart % 64 != 0) {
			throw new IllegalArgumentException("data starts at " + dataStart + ", not a multiple of 64");
		}
		Matcher header = HEADER.matcher(new String(npy, 10, dataStart - 10, StandardCharsets.US_ASCII));
		if (!header.matches()) {
			throw new IllegalArgumentException("unexpected header " + new String(npy, 10, dataStart - 10));
		}
		boolean bytes = header.group(1).equals("|u1");
		float[][] rows = new float[Integer.parseInt(header.group(2))][Integer.parseInt(header.group(3))];
		in.position(dataStart);
		for (float[] row : rows) {
			for (int j = 0; j < row.length; j++) {
				row[j] = bytes ? (in.get() & 0xff) : in.getFloat();
			}
		}
		if (in.hasRemaining()) {
			throw new IllegalArgumentException(in.remaining() + " bytes after the data");
		}
		return rows;
	}

	static boolean isUint8(byte[] npy) {
		return new String(npy, 10, 40, StandardCharsets.US_ASCII).contains("'|u1'");
	}

	static byte[] float32(float[][] rows) {
		byte[] header = PredictNpy.header("<f4", rows.length, rows[0].length);
		ByteBuffer out = ByteBuffer.allocate(header.length + rows.length * rows[0].length * 4)
			.order(ByteOrder.LITTLE_ENDIAN)
			.put(header);
		for (float[] row : rows) {
			for (float value : row) {
				out.putFloat(value);
			}
		}
		return out.array();
	}

}
