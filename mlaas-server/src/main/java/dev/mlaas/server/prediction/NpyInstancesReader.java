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

	private static final int CHUNK = 1 << 16;

	private NpyInstancesReader() {
	}

	/**
	 * Reads one array. {@code contentLength} is the body's declared length, or -1: when it is known, an array that
	 * announces more (or less) data than the body holds is refused before its data is read.
	 */
	static Instances read(InputStream in, long contentLength, int maxInstances, int maxFeatures) throws IOException {
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
		Npy.Type type = header.type();
		long dataBytes = count * width * type.size;
		if (dataBytes > Integer.MAX_VALUE - 8) {
			throw new InvalidInstancesException("The batch holds " + dataBytes + " bytes of data, more than one "
					+ "request can carry; send fewer instances at a time.")
				.with("limit", maxInstances);
		}
		if (contentLength >= 0 && contentLength - header.length() != dataBytes) {
			throw Npy.unreadable("the header announces " + dataBytes + " bytes of data; the body has "
					+ Math.max(0, contentLength - header.length()));
		}
		int elements = (int) (count * width);
		// sized by the data that has arrived, whatever the header and Content-Length claim: a client that sends
		// a header announcing the largest batch and then stalls must not make the service hold that batch's memory
		float[] values = new float[Math.min(elements, CHUNK)];
		// the data in pieces the size of a cache, converted as they come: a 1,000 x 600 float32 batch would
		// otherwise pass through a 2.4 MB array that G1 allocates as a humongous object on every request
		byte[] chunk = new byte[Math.min(CHUNK, elements * type.size)];
		ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
		int done = 0;
		while (done < elements) {
			int take = Math.min(elements - done, chunk.length / type.size);
			int read = in.readNBytes(chunk, 0, take * type.size);
			if (read < take * type.size) {
				throw Npy.unreadable("the header announces " + (long) elements * type.size
						+ " bytes of data; the body has " + ((long) done * type.size + read));
			}
			if (done + take > values.length) {
				values = java.util.Arrays.copyOf(values, (int) Math.min(elements, 2L * (done + take)));
			}
			convert(type, view, chunk, take, values, done, (int) width);
			done += take;
		}
		if (in.read() != -1) {
			throw Npy.unreadable("the body goes on after the " + (long) elements * type.size
					+ " bytes of data the header announces");
		}
		return new Instances(values, (int) count, (int) width);
	}

	/** Converts {@code count} elements from the start of {@code chunk} into {@code values} from {@code at} on. */
	private static void convert(Npy.Type type, ByteBuffer view, byte[] chunk, int count, float[] values, int at,
			int width) {
		switch (type) {
			case FLOAT32 -> {
				view.clear();
				view.asFloatBuffer().get(values, at, count);
				for (int i = at; i < at + count; i++) {
					if (!Float.isFinite(values[i])) {
						throw notFinite(i, width);
					}
				}
			}
			case FLOAT64 -> {
				view.clear();
				var doubles = view.asDoubleBuffer();
				for (int i = 0; i < count; i++) {
					values[at + i] = (float) doubles.get(i);
					if (!Float.isFinite(values[at + i])) {
						// a double beyond float's range is as unusable as an infinite one
						throw notFinite(at + i, width);
					}
				}
			}
			case UINT8 -> {
				for (int i = 0; i < count; i++) {
					values[at + i] = chunk[i] & 0xff;
				}
			}
			case BOOL -> {
				for (int i = 0; i < count; i++) {
					if ((chunk[i] & 0xfe) != 0) {
						int element = at + i;
						throw new InvalidInstancesException("Instance " + element / width + ", feature "
								+ element % width + " is not a boolean (0 or 1) although the array's type is bool.")
							.with("index", element / width)
							.with("feature", element % width);
					}
					values[at + i] = chunk[i];
				}
			}
		}
	}

	private static ApiException notFinite(int element, int width) {
		return new InvalidInstancesException(
				"Instance " + element / width + ", feature " + element % width + " is not a finite number.")
			.with("index", element / width)
			.with("feature", element % width);
	}

}
