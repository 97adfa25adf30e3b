package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * {@code /predict}'s {@code .npy} bodies: the instances in, the answer out in the shape the model's output policy
 * leaves: posteriors as a float32 array of shape (instances, classes) ({@code full}, {@code rounding}); a structured
 * array of shape (instances,) with fields {@code classes} (k int32) and {@code posteriors} (k float32)
 * ({@code top-k}); the predicted classes as int32 of shape (instances,) ({@code label-only}). What the JSON body
 * carries beside goes into headers: {@code Mlaas-Model-Id}, {@code Mlaas-Output-Policy}, {@code Mlaas-Queries},
 * {@code Mlaas-Credits} and {@code Mlaas-Charge-Id}.
 */
final class PredictionNpyConverter extends AbstractHttpMessageConverter<Object> {

	static final String MODEL_ID_HEADER = "Mlaas-Model-Id";

	static final String QUERIES_HEADER = "Mlaas-Queries";

	static final String CREDITS_HEADER = "Mlaas-Credits";

	static final String CHARGE_ID_HEADER = "Mlaas-Charge-Id";

	static final String OUTPUT_POLICY_HEADER = "Mlaas-Output-Policy";

	private final int maxInstances;

	private final int maxFeatures;

	PredictionNpyConverter(int maxInstances, int maxFeatures) {
		super(Npy.MEDIA_TYPE);
		this.maxInstances = maxInstances;
		this.maxFeatures = maxFeatures;
	}

	@Override
	protected boolean supports(Class<?> type) {
		return type == PredictRequest.Instances.class || type == PredictResponse.class;
	}

	@Override
	public boolean canRead(Class<?> type, MediaType mediaType) {
		return type == PredictRequest.Instances.class && canRead(mediaType);
	}

	@Override
	public boolean canWrite(Class<?> type, MediaType mediaType) {
		return type == PredictResponse.class && canWrite(mediaType);
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
		return NpyInstancesReader.read(input.getBody(), input.getHeaders().getContentLength(), this.maxInstances,
				this.maxFeatures);
	}

	@Override
	protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
		PredictResponse response = (PredictResponse) body;
		output.getHeaders().set(MODEL_ID_HEADER, Long.toString(response.modelId()));
		output.getHeaders().set(OUTPUT_POLICY_HEADER, response.outputPolicy().spec());
		output.getHeaders().set(QUERIES_HEADER, Integer.toString(response.queries()));
		output.getHeaders().set(CREDITS_HEADER, response.credits().toPlainString());
		output.getHeaders().set(CHARGE_ID_HEADER, response.chargeId());
		OutputStream out = output.getBody();
		float[][] predictions = response.predictions();
		if (response.labels() != null) {
			int[] labels = response.labels();
			out.write(Npy.int32Header(labels.length));
			ByteBuffer data = ByteBuffer.allocate(labels.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
			data.asIntBuffer().put(labels);
			out.write(data.array());
		}
		else if (response.classes() != null) {
			int k = response.outputPolicy().k();
			out.write(Npy.topKHeader(predictions.length, Math.min(k, width(predictions))));
			ByteBuffer data = ByteBuffer.allocate(predictions.length * width(predictions) * 8)
				.order(ByteOrder.LITTLE_ENDIAN);
			for (int row = 0; row < predictions.length; row++) {
				for (int c : response.classes()[row]) {
					data.putInt(c);
				}
				for (float p : predictions[row]) {
					data.putFloat(p);
				}
			}
			out.write(data.array());
		}
		else {
			Npy.writeFloat32(predictions, width(predictions), out);
		}
	}

	@Override
	protected Long getContentLength(Object body, MediaType contentType) {
		PredictResponse response = (PredictResponse) body;
		float[][] predictions = response.predictions();
		if (response.labels() != null) {
			return (long) Npy.int32Header(response.labels().length).length + 4L * response.labels().length;
		}
		int columns = width(predictions);
		if (response.classes() != null) {
			return (long) Npy.topKHeader(predictions.length, columns).length + 8L * predictions.length * columns;
		}
		return (long) Npy.float32Header(predictions.length, columns).length
				+ (long) predictions.length * columns * Float.BYTES;
	}

	private static int width(float[][] rows) {
		return (rows.length > 0) ? rows[0].length : 0;
	}

}
