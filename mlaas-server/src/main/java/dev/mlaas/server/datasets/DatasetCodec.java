package dev.mlaas.server.datasets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The stored form of a dataset's records: a small header, then floats and labels (big-endian, as
 * {@code DataOutputStream} writes them), deflated. Read and written in bulk: one value at a time through streams
 * cost tens of milliseconds per upload and again per training job.
 */
final class DatasetCodec {

	private static final int VERSION = 1;

	/** Values per write to the deflater. */
	private static final int PIECE = 1 << 16;

	private DatasetCodec() {
	}

	static byte[] encode(Records records) {
		int[] shape = records.recordShape();
		float[] features = records.features();
		int[] labels = records.labels();
		ByteBuffer header = ByteBuffer.allocate(4 * (3 + shape.length));
		header.putInt(VERSION).putInt(records.size()).putInt(shape.length);
		for (int dim : shape) {
			header.putInt(dim);
		}
		// the fastest level: the default one took about 55 ms of a 2,500 x 600 upload, and compressed little better
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(
				(int) Math.min(Integer.MAX_VALUE - 8, (long) features.length + labels.length + 64));
		// in pieces: one buffer for the whole dataset would need 4 bytes a value at once, and an int size
		ByteBuffer piece = ByteBuffer.allocate(PIECE * 4);
		try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
			out.write(header.array());
			for (int from = 0; from < features.length; from += PIECE) {
				int length = Math.min(PIECE, features.length - from);
				piece.clear();
				piece.asFloatBuffer().put(features, from, length);
				out.write(piece.array(), 0, 4 * length);
			}
			for (int from = 0; from < labels.length; from += PIECE) {
				int length = Math.min(PIECE, labels.length - from);
				piece.clear();
				piece.asIntBuffer().put(labels, from, length);
				out.write(piece.array(), 0, 4 * length);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deflater.end();
		}
		return bytes.toByteArray();
	}

	static Records decode(byte[] stored) {
		ByteBuffer in;
		try (InflaterInputStream inflater = new InflaterInputStream(new ByteArrayInputStream(stored))) {
			in = ByteBuffer.wrap(inflater.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int version = in.getInt();
		if (version != VERSION) {
			throw new IllegalStateException("Unknown dataset encoding version " + version);
		}
		int count = in.getInt();
		int[] shape = new int[in.getInt()];
		int width = 1;
		for (int i = 0; i < shape.length; i++) {
			shape[i] = in.getInt();
			width = Math.multiplyExact(width, shape[i]);
		}
		float[] features = new float[Math.multiplyExact(count, width)];
		in.asFloatBuffer().get(features);
		in.position(in.position() + 4 * features.length);
		int[] labels = new int[count];
		in.asIntBuffer().get(labels);
		return new Records(features, labels, shape);
	}

}
