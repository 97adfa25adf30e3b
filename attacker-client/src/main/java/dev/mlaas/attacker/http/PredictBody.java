package dev.mlaas.attacker.http;

import java.io.ByteArrayOutputStream;
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
		ByteArrayOutputStream out = new ByteArrayOutputStream(8 + instances.length * (width * 4 + 2));
		StringBuilder text = new StringBuilder(64);
		out.write('[');
		for (int row = 0; row < instances.length; row++) {
			if (row > 0) {
				out.write(',');
			}
			out.write('[');
			float[] instance = instances[row];
			for (int f = 0; f < instance.length; f++) {
				if (f > 0) {
					out.write(',');
				}
				writeNumber(out, instance[f], text);
			}
			out.write(']');
		}
		out.write(']');
		return out.toByteArray();
	}

	private static void writeNumber(ByteArrayOutputStream out, float value, StringBuilder text) {
		boolean wholeNumber = value == Math.rint(value) && Math.abs(value) < EXACT_INTEGERS
				&& Float.floatToRawIntBits(value) != NEGATIVE_ZERO;
		if (wholeNumber && (value == 0f || value == 1f)) {
			out.write((value == 0f) ? '0' : '1');
		}
		else if (wholeNumber) {
			text.setLength(0);
			write(out, text.append((int) value).toString());
		}
		else if (Float.isFinite(value)) {
			write(out, NumberOutput.toString(value, true));
		}
		else {
			// as Jackson writes them; the service refuses them with a problem naming the instance and feature
			write(out, "\"" + value + "\"");
		}
	}

	private static void write(ByteArrayOutputStream out, String ascii) {
		out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
	}

}
