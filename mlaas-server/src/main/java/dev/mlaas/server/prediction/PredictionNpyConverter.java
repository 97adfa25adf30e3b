package dev.mlaas.server.prediction;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * {@code /predict}'s {@code .npy} bodies: the instances in, the posteriors out as a float32 array of shape
 * (instances, classes). What the JSON body carries beside the posteriors goes into headers: {@code Mlaas-Model-Id},
 * {@code Mlaas-Queries} and {@code Mlaas-Credits}.
 */
final class PredictionNpyConverter extends AbstractHttpMessageConverter<Object> {

	static final String MODEL_ID_HEADER = "Mlaas-Model-Id";

	static final String QUERIES_HEADER = "Mlaas-Queries";

	static final String CREDITS_HEADER = "Mlaas-Credits";

	static final String CHARGE_ID_HEADER = "Mlaas-Charge-Id";

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
		float[][] predictions = response.predictions();
		output.getHeaders().set(MODEL_ID_HEADER, Long.toString(response.modelId()));
		output.getHeaders().set(QUERIES_HEADER, Integer.toString(response.queries()));
		output.getHeaders().set(CREDITS_HEADER, response.credits().toPlainString());
		output.getHeaders().set(CHARGE_ID_HEADER, response.chargeId());
		Npy.writeFloat32(predictions, (predictions.length > 0) ? predictions[0].length : 0, output.getBody());
	}

	@Override
	protected Long getContentLength(Object body, MediaType contentType) {
		float[][] predictions = ((PredictResponse) body).predictions();
		int columns = (predictions.length > 0) ? predictions[0].length : 0;
		return (long) Npy.float32Header(predictions.length, columns).length
				+ (long) predictions.length * columns * Float.BYTES;
	}

}
