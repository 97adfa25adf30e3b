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

	private DatasetCodec() {
	}

	static byte[] encode(Records records) {
		int[] shape = records.recordShape();
		ByteBuffer raw = ByteBuffer.allocate(4 * (3 + shape.length + records.features().length + records.size()));
		raw.putInt(VERSION).putInt(records.size()).putInt(shape.length);
		for (int dim : shape) {
			raw.putInt(dim);
		}
		raw.asFloatBuffer().put(records.features());
		raw.position(raw.position() + 4 * records.features().length);
		raw.asIntBuffer().put(records.labels());
		// the fastest level: the default one took about 55 ms of a 2,500 x 600 upload, and compressed little better
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.capacity() / 4);
		try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
			out.write(raw.array());
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
			width *= shape[i];
		}
		float[] features = new float[count * width];
		in.asFloatBuffer().get(features);
		in.position(in.position() + 4 * features.length);
		int[] labels = new int[count];
		in.asIntBuffer().get(labels);
		return new Records(features, labels, shape);
	}

}
