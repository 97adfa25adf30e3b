package dev.mlaas.attacker.http;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The JSON body of {@code POST /predict}, written by hand because it is most of what the attacker sends: a feature
 * that is a whole number (Purchase-like's bits) goes out as {@code 1}, not Jackson's {@code 1.0}, which halves the
 * bytes the service has to read, and the loop skips the generator's per-value bookkeeping. Other values are written
 * by Jackson's shortest round-tripping float formatter.
 */
final class PredictBody {

	/** Whole numbers below this are exact as floats and short as integers. */
	private static final float EXACT_INTEGERS = 1 << 24;

	private static final int NEGATIVE_ZERO = Float.floatToRawIntBits(-0f);

	private static final int ONE = Float.floatToRawIntBits(1f);

	private PredictBody() {
	}

	static byte[] of(long modelId, float[][] instances) {
		return of(modelId, new PredictBatch(instances.length, instances(instances)));
	}

	/** The body for a batch written ahead: only the model is left to fill in. */
	static byte[] of(long modelId, PredictBatch batch) {
		byte[] prefix = ("{\"modelId\":" + modelId + ",\"instances\":").getBytes(StandardCharsets.US_ASCII);
		byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + batch.instancesJson().length + 1);
		System.arraycopy(batch.instancesJson(), 0, body, prefix.length, batch.instancesJson().length);
		body[body.length - 1] = '}';
		return body;
	}

	/** The instances as the JSON array of arrays that goes in the body. */
	static byte[] instances(float[][] instances) {
		int width = (instances.length > 0) ? instances[0].length : 0;
		Bytes out = new Bytes(8 + instances.length * (width * 2 + 2));
		out.bytes[out.size++] = '[';
		for (int row = 0; row < instances.length; row++) {
			float[] instance = instances[row];
			// a digit and a comma per bit, the row's brackets and comma and the closing bracket: all a row of bits
			// needs; the loop works on locals, as it writes most of what the attacker sends
			out.reserve(instance.length * 2 + 4);
			byte[] bytes = out.bytes;
			int at = out.size;
			if (row > 0) {
				bytes[at++] = ',';
			}
			bytes[at++] = '[';
			for (int f = 0; f < instance.length; f++) {
				if (f > 0) {
					bytes[at++] = ',';
				}
				float value = instance[f];
				int bits = Float.floatToRawIntBits(value);
				// +0 only: -0 is not a whole number here and goes out as -0.0, as before. One branch, taken alike
				// for 0 and 1, then the digit from the bits (1f is 0x3F800000): random bits mispredicted a branch
				// between the two on every other feature
				if (bits == 0 | bits == ONE) {
					bytes[at++] = (byte) ('0' + (bits >>> 29));
				}
				else {
					out.size = at;
					out.append(other(value));
					out.reserve((instance.length - f) * 2 + 4);
					bytes = out.bytes;
					at = out.size;
				}
			}
			bytes[at++] = ']';
			out.size = at;
		}
		out.bytes[out.size++] = ']';
		return java.util.Arrays.copyOf(out.bytes, out.size);
	}

	private static byte[] other(float value) {
		String text;
		if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGERS
				&& Float.floatToRawIntBits(value) != NEGATIVE_ZERO) {
			text = Integer.toString((int) value);
		}
		else if (Float.isFinite(value)) {
			text = NumberOutput.toString(value, true);
		}
		else {
			// as Jackson writes them; the service refuses them with a problem naming the instance and feature
			text = "\"" + value + "\"";
		}
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A growing byte array without {@link java.io.ByteArrayOutputStream}'s lock per byte: with it, encoding 1,000
	 * records of 600 bits took 6-8 ms once compiled. Writers reserve room for a run of bytes, then fill
	 * {@link #bytes} from {@link #size} on.
	 */
	private static final class Bytes {

		byte[] bytes;

		int size;

		Bytes(int capacity) {
			this.bytes = new byte[Math.max(16, capacity)];
		}

		void reserve(int count) {
			if (this.size + count > this.bytes.length) {
				this.bytes = java.util.Arrays.copyOf(this.bytes, Math.max(this.size + count, this.bytes.length * 2));
			}
		}

		void append(byte[] run) {
			reserve(run.length);
			System.arraycopy(run, 0, this.bytes, this.size, run.length);
			this.size += run.length;
		}

	}

}
