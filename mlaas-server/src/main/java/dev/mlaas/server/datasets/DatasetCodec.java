package dev.mlaas.server.datasets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/** The stored form of a dataset's records: a small header, then floats and labels, deflated. */
final class DatasetCodec {

	private static final int VERSION = 1;

	private DatasetCodec() {
	}

	static byte[] encode(Records records) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(
				new java.io.BufferedOutputStream(new DeflaterOutputStream(bytes), 1 << 16))) {
			out.writeInt(VERSION);
			out.writeInt(records.size());
			out.writeInt(records.recordShape().length);
			for (int dim : records.recordShape()) {
				out.writeInt(dim);
			}
			for (float value : records.features()) {
				out.writeFloat(value);
			}
			for (int label : records.labels()) {
				out.writeInt(label);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Records decode(byte[] stored) {
		try (DataInputStream in = new DataInputStream(
				new java.io.BufferedInputStream(new InflaterInputStream(new ByteArrayInputStream(stored)), 1 << 16))) {
			int version = in.readInt();
			if (version != VERSION) {
				throw new IllegalStateException("Unknown dataset encoding version " + version);
			}
			int count = in.readInt();
			int[] shape = new int[in.readInt()];
			int width = 1;
			for (int i = 0; i < shape.length; i++) {
				shape[i] = in.readInt();
				width *= shape[i];
			}
			float[] features = new float[count * width];
			for (int i = 0; i < features.length; i++) {
				features[i] = in.readFloat();
			}
			int[] labels = new int[count];
			for (int i = 0; i < count; i++) {
				labels[i] = in.readInt();
			}
			return new Records(features, labels, shape);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
