package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.mlaas.server.common.web.ApiException;
import dev.mlaas.server.common.web.InvalidRequestException;
import dev.mlaas.server.prediction.PredictRequest.Instances;

/**
 * Reads the instances of a {@code POST /predict} sent as one {@code .npy} array: the first dimension counts the
 * instances, the others (flattened in C order) are an instance's features. The header is checked against the batch
 * and feature limits before any data is read; then the data is read in one piece and converted in bulk.
 */
final class NpyInstancesReader {

	private NpyInstancesReader() {
	}

	static Instances read(InputStream in, int maxInstances, int maxFeatures) throws IOException {
		Npy.Header header = Npy.readHeader(in);
		long[] shape = header.shape();
		if (shape.length < 2) {
			throw new InvalidInstancesException("The array has " + shape.length + " dimension(s); send one row per "
					+ "instance, shape (instances, features).")
				.with("shape", shape);
		}
		long count = shape[0];
		if (count == 0) {
			throw new InvalidRequestException("invalid-request", "Invalid request", "instances: must not be empty");
		}
		if (count > maxInstances) {
			throw new InvalidInstancesException(
					"A request may carry at most " + maxInstances + " instances; this one has " + count + ".")
				.with("limit", maxInstances);
		}
		long width = 1;
		for (int i = 1; i < shape.length && width <= maxFeatures; i++) {
			// each factor is at most maxFeatures here, so the product cannot overflow
			width = (shape[i] > maxFeatures && width > 0) ? (long) maxFeatures + 1 : width * shape[i];
		}
		if (width > maxFeatures) {
			throw new InvalidInstancesException(
					"Instances have " + width + " features, more than any model takes (" + maxFeatures + ").")
				.with("limit", maxFeatures);
		}
		if (width == 0) {
			throw new InvalidInstancesException("Instances have no features.").with("shape", shape);
		}
		int elements = (int) (count * width);
		int bytes = elements * header.type().size;
		// straight into one array: readNBytes(n) would gather the body in 8 KB pieces and copy it once more
		byte[] data = new byte[bytes];
		int read = in.readNBytes(data, 0, bytes);
		if (read < bytes) {
			throw Npy.unreadable("the header announces " + bytes + " bytes of data; the body has " + read);
		}
		if (in.read() != -1) {
			throw Npy.unreadable("the body goes on after the " + bytes + " bytes of data the header announces");
		}
		return new Instances(values(header.type(), data, elements, (int) width), (int) count, (int) width);
	}

	private static float[] values(Npy.Type type, byte[] data, int elements, int width) {
		float[] values = new float[elements];
		ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		switch (type) {
			case FLOAT32 -> {
				buffer.asFloatBuffer().get(values);
				for (int i = 0; i < elements; i++) {
					if (!Float.isFinite(values[i])) {
						throw notFinite(i, width);
					}
				}
			}
			case FLOAT64 -> {
				var doubles = buffer.asDoubleBuffer();
				for (int i = 0; i < elements; i++) {
					double value = doubles.get(i);
					values[i] = (float) value;
					if (!Float.isFinite(values[i])) {
						// a double beyond float's range is as unusable as an infinite one
						throw notFinite(i, width);
					}
				}
			}
			case UINT8 -> {
				for (int i = 0; i < elements; i++) {
					values[i] = data[i] & 0xff;
				}
			}
			case BOOL -> {
				for (int i = 0; i < elements; i++) {
					if ((data[i] & 0xfe) != 0) {
						throw new InvalidInstancesException("Instance " + i / width + ", feature " + i % width
								+ " is not a boolean (0 or 1) although the array's type is bool.")
							.with("index", i / width)
							.with("feature", i % width);
					}
					values[i] = data[i];
				}
			}
		}
		return values;
	}

	private static ApiException notFinite(int element, int width) {
		return new InvalidInstancesException(
				"Instance " + element / width + ", feature " + element % width + " is not a finite number.")
			.with("index", element / width)
			.with("feature", element % width);
	}

}
