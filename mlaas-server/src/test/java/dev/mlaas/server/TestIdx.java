package dev.mlaas.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** IDX files (the MNIST family's format) built in memory for uploads in tests and benchmarks. */
public final class TestIdx {

	private TestIdx() {
	}

	/** Unsigned-byte images of {@code rows x cols}, pixel values from a seeded generator. */
	public static byte[] images(int count, int rows, int cols, long seed) {
		Random random = new Random(seed);
		return write(out -> {
			out.writeInt(0x00000803);
			out.writeInt(count);
			out.writeInt(rows);
			out.writeInt(cols);
			for (int i = 0; i < count * rows * cols; i++) {
				out.writeByte(random.nextInt(256));
			}
		});
	}

	/** Unsigned-byte vectors holding 0/1 values, one row per record. */
	public static byte[] binaryRows(float[][] records) {
		return write(out -> {
			out.writeInt(0x00000802);
			out.writeInt(records.length);
			out.writeInt(records[0].length);
			for (float[] record : records) {
				for (float value : record) {
					out.writeByte((int) value);
				}
			}
		});
	}

	/** Unsigned-byte labels {@code i % classes}. */
	public static byte[] labels(int count, int classes) {
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			labels[i] = i % classes;
		}
		return labels(labels);
	}

	public static byte[] labels(int[] labels) {
		return write(out -> {
			out.writeInt(0x00000801);
			out.writeInt(labels.length);
			for (int label : labels) {
				out.writeByte(label);
			}
		});
	}

	public static byte[] gzip(byte[] plain) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(plain);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] write(Writer writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private interface Writer {

		void write(DataOutputStream out) throws IOException;

	}

}
