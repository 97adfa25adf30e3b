package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.OutputStream;

import dev.mlaas.server.models.OutputPolicy;

/**
 * Writes a {@link PredictResponse} as the JSON Jackson would write for it (same names and order), straight from the
 * posteriors into the response stream, with each float in {@link FloatFormat}'s nine digits instead of Jackson's
 * shortest form (formatting 100,000 posteriors was the largest cost of a batch), or in exactly the decimals a
 * rounding policy keeps.
 */
final class PredictResponseWriter {

	private static final int MAX_BUFFER = 1 << 16;

	private final OutputStream out;

	private final byte[] buffer;

	private int position;

	private PredictResponseWriter(OutputStream out, int expectedLength) {
		this.out = out;
		this.buffer = new byte[Math.max(256, Math.min(MAX_BUFFER, expectedLength))];
	}

	static void write(PredictResponse response, OutputStream out) throws IOException {
		float[][] predictions = response.predictions();
		int rows = (predictions != null) ? predictions.length : response.labels().length;
		int classes = (predictions != null && predictions.length > 0) ? predictions[0].length : 1;
		PredictResponseWriter writer = new PredictResponseWriter(out,
				(int) Math.min(MAX_BUFFER, 128L + (long) rows * (classes * (FloatFormat.MAX_LENGTH + 1) + 3)));
		OutputPolicy policy = response.outputPolicy();
		writer.ascii("{\"modelId\":").ascii(Long.toString(response.modelId()));
		writer.ascii(",\"outputPolicy\":{\"type\":\"").ascii(policy.type()).ascii("\"");
		if (policy.k() != null) {
			writer.ascii(",\"k\":").ascii(Integer.toString(policy.k()));
		}
		if (policy.decimals() != null) {
			writer.ascii(",\"decimals\":").ascii(Integer.toString(policy.decimals()));
		}
		writer.ascii("}");
		if (response.classes() != null) {
			writer.ascii(",\"classes\":[");
			for (int row = 0; row < response.classes().length; row++) {
				writer.ascii((row > 0) ? ",[" : "[");
				int[] classIndices = response.classes()[row];
				for (int c = 0; c < classIndices.length; c++) {
					writer.ascii((c > 0) ? "," : "").ascii(Integer.toString(classIndices[c]));
				}
				writer.ascii("]");
			}
			writer.ascii("]");
		}
		if (predictions != null) {
			Integer decimals = policy.decimals();
			writer.ascii(",\"predictions\":[");
			for (int row = 0; row < predictions.length; row++) {
				if (row > 0) {
					writer.ascii(",");
				}
				writer.ascii("[");
				float[] posteriors = predictions[row];
				for (int c = 0; c < posteriors.length; c++) {
					if (c > 0) {
						writer.ascii(",");
					}
					if (decimals != null && Float.isFinite(posteriors[c])) {
						// exactly the decimals the policy keeps, not the float's nine digits
						writer.ascii(PredictResponse.decimal(posteriors[c], decimals));
					}
					else {
						writer.number(posteriors[c]);
					}
				}
				writer.ascii("]");
			}
			writer.ascii("]");
		}
		if (response.labels() != null) {
			writer.ascii(",\"labels\":[");
			for (int row = 0; row < response.labels().length; row++) {
				writer.ascii((row > 0) ? "," : "").ascii(Integer.toString(response.labels()[row]));
			}
			writer.ascii("]");
		}
		writer.ascii(",\"queries\":").ascii(Integer.toString(response.queries()));
		writer.ascii(",\"credits\":").ascii(response.credits().toString());
		// a UUID: nothing in it needs escaping
		writer.ascii(",\"chargeId\":\"").ascii(response.chargeId()).ascii("\"}");
		writer.flush();
	}

	private void number(float value) throws IOException {
		if (Float.isFinite(value)) {
			if (this.position + FloatFormat.MAX_LENGTH > this.buffer.length) {
				flushBuffer();
			}
			this.position = FloatFormat.write(value, this.buffer, this.position);
		}
		else {
			// as Jackson's default QUOTE_NON_NUMERIC_NUMBERS does
			ascii("\"").ascii(Float.toString(value)).ascii("\"");
		}
	}

	private PredictResponseWriter ascii(String text) throws IOException {
		int length = text.length();
		if (this.position + length > this.buffer.length) {
			flushBuffer();
		}
		for (int i = 0; i < length; i++) {
			this.buffer[this.position++] = (byte) text.charAt(i);
		}
		return this;
	}

	private void flushBuffer() throws IOException {
		this.out.write(this.buffer, 0, this.position);
		this.position = 0;
	}

	private void flush() throws IOException {
		flushBuffer();
		this.out.flush();
	}

}
