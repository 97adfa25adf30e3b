package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@link PredictResponse} as the JSON Jackson would write for it (same names and order), straight from the
 * posteriors into the response stream, with each float in {@link FloatFormat}'s nine digits instead of Jackson's
 * shortest form: formatting 100,000 posteriors was the largest cost of a batch.
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
		int classes = (predictions.length > 0) ? predictions[0].length : 0;
		PredictResponseWriter writer = new PredictResponseWriter(out,
				(int) Math.min(MAX_BUFFER, 128L + (long) predictions.length * (classes * (FloatFormat.MAX_LENGTH + 1) + 3)));
		writer.ascii("{\"modelId\":").ascii(Long.toString(response.modelId())).ascii(",\"predictions\":[");
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
				writer.number(posteriors[c]);
			}
			writer.ascii("]");
		}
		writer.ascii("],\"queries\":").ascii(Integer.toString(response.queries()));
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
