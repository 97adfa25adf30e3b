package dev.mlaas.server.prediction;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Puts {@link PredictRequestReader} and {@link PredictResponseWriter} in front of Jackson for {@code /predict}'s
 * two bodies; every other type still goes through Jackson.
 */
final class PredictionJsonConverter extends AbstractHttpMessageConverter<Object> {

	private final int maxInstances;

	private final int maxFeatures;

	PredictionJsonConverter(int maxInstances, int maxFeatures) {
		super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
		this.maxInstances = maxInstances;
		this.maxFeatures = maxFeatures;
	}

	@Override
	protected boolean supports(Class<?> type) {
		return type == PredictRequest.class || type == PredictResponse.class;
	}

	@Override
	public boolean canRead(Class<?> type, MediaType mediaType) {
		return type == PredictRequest.class && canRead(mediaType);
	}

	@Override
	public boolean canWrite(Class<?> type, MediaType mediaType) {
		return type == PredictResponse.class && canWrite(mediaType);
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
		return PredictRequestReader.read(input.getBody(), input.getHeaders().getContentLength(), this.maxInstances,
				this.maxFeatures);
	}

	@Override
	protected void writeInternal(Object response, HttpOutputMessage output) throws IOException {
		PredictResponseWriter.write((PredictResponse) response, output.getBody());
	}

}
