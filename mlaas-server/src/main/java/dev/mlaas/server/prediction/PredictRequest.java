package dev.mlaas.server.prediction;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /predict}: a model id and a batch of instances, read by {@link PredictRequestReader}. On the wire the
 * instances are an array of arrays of numbers ({@link Json} documents that shape).
 */
record PredictRequest(long modelId, Instances instances) {

	/**
	 * The instances, row-major, as the forward pass takes them: the first {@code count * width} entries of
	 * {@code values} (the array may be longer).
	 */
	record Instances(float[] values, int count, int width) {
	}

	/** The body as clients send it; for the API documentation. */
	@Schema(name = "PredictRequest")
	record Json(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) long modelId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					description = "1 to max-batch-size instances, each an array of the model's numFeatures finite numbers") float[][] instances) {
	}

}
