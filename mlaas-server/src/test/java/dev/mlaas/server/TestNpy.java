package dev.mlaas.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy {@code .npy} arrays built in memory, byte for byte as {@code numpy.save} writes them, for tests and benchmarks. */
public final class TestNpy {

	private TestNpy() {
	}

	/** A float32 array of shape (rows, columns). */
	public static byte[] float32(float[][] rows) {
		ByteBuffer data = ByteBuffer.allocate(rows.length * rows[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float[] row : rows) {
			for (float value : row) {
				data.putFloat(value);
			}
		}
		return array("<f4", "(" + rows.length + ", " + rows[0].length + ")", data.array());
	}

	/** A uint8 array of shape (rows, columns); every value must be a whole number from 0 to 255. */
	public static byte[] uint8(float[][] rows) {
		byte[] data = new byte[rows.length * rows[0].length];
		for (int i = 0; i < rows.length; i++) {
			for (int j = 0; j < rows[0].length; j++) {
				data[i * rows[0].length + j] = (byte) rows[i][j];
			}
		}
		return array("|u1", "(" + rows.length + ", " + rows[0].length + ")", data);
	}

	/** A version 1.0 array with any descriptor and shape text, the data given as its bytes. */
	public static byte[] array(String descr, String shape, byte[] data) {
		return array(1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
	}

	/** An array of the given format version (1 to 3) with a header dictionary written as given. */
	public static byte[] array(int version, String dict, byte[] data) {
		int lengthBytes = (version == 1) ? 2 : 4;
		int headerLength = (6 + 2 + lengthBytes + dict.length() + 1 + 63) / 64 * 64;
		ByteBuffer out = ByteBuffer.allocate(headerLength + data.length).order(ByteOrder.LITTLE_ENDIAN);
		out.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0 });
		int dictLength = headerLength - 8 - lengthBytes;
		if (version == 1) {
			out.putShort((short) dictLength);
		}
		else {
			out.putInt(dictLength);
		}
		out.put(dict.getBytes(StandardCharsets.UTF_8));
		while (out.position() < headerLength - 1) {
			out.put((byte) ' ');
		}
		out.put((byte) '\n');
		out.put(data);
		return out.array();
	}

	/** The float32 data of an answer, after its header. */
	public static float[][] readFloat32(byte[] npy, int rows, int columns) {
		ByteBuffer in = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
		int headerLength = 10 + (in.getShort(8) & 0xffff);
		in.position(headerLength);
		float[][] values = new float[rows][columns];
		for (float[] row : values) {
			for (int j = 0; j < columns; j++) {
				row[j] = in.getFloat();
			}
		}
		if (in.hasRemaining()) {
			throw new IllegalArgumentException(in.remaining() + " bytes after " + rows + " x " + columns + " floats");
		}
		return values;
	}

}
