package dev.mlaas.server.prediction;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mlaas.server.models.OutputPolicy;

/**
 * What a model's output policy leaves of its posterior vectors, one per instance in the request's order; what the
 * request cost, and the id of its charge: the {@code requestId} of its ledger rows in {@code GET /usage}, a receipt
 * to reconcile the bill with. Under {@code full} and {@code rounding}, {@code predictions} holds every class's
 * posterior (rounded to the policy's decimals); under {@code top-k}, the k largest, largest first, with their
 * {@code classes}; under {@code label-only}, only {@code labels}, the predicted classes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PredictResponse(long modelId, OutputPolicy outputPolicy, int[][] classes, float[][] predictions, int[] labels,
		int queries, BigDecimal credits, String chargeId) {

	/** The answer the policy leaves of {@code posteriors}. */
	static PredictResponse of(long modelId, OutputPolicy policy, float[][] posteriors, int queries, BigDecimal credits,
			String chargeId) {
		return switch (policy.type()) {
			case OutputPolicy.TOP_K -> {
				int[][] classes = new int[posteriors.length][];
				float[][] kept = new float[posteriors.length][];
				for (int i = 0; i < posteriors.length; i++) {
					classes[i] = largest(posteriors[i], policy.k());
					kept[i] = new float[classes[i].length];
					for (int j = 0; j < classes[i].length; j++) {
						kept[i][j] = posteriors[i][classes[i][j]];
					}
				}
				yield new PredictResponse(modelId, policy, classes, kept, null, queries, credits, chargeId);
			}
			case OutputPolicy.LABEL_ONLY -> {
				int[] labels = new int[posteriors.length];
				for (int i = 0; i < posteriors.length; i++) {
					labels[i] = largest(posteriors[i], 1)[0];
				}
				yield new PredictResponse(modelId, policy, null, null, labels, queries, credits, chargeId);
			}
			case OutputPolicy.ROUNDING -> {
				float[][] rounded = new float[posteriors.length][];
				for (int i = 0; i < posteriors.length; i++) {
					rounded[i] = new float[posteriors[i].length];
					for (int c = 0; c < posteriors[i].length; c++) {
						rounded[i][c] = Float.parseFloat(decimal(posteriors[i][c], policy.decimals()));
					}
				}
				yield new PredictResponse(modelId, policy, null, rounded, null, queries, credits, chargeId);
			}
			default -> new PredictResponse(modelId, policy, null, posteriors, null, queries, credits, chargeId);
		};
	}

	/** The indices of the {@code k} largest values, largest first; of equal values, the lower index first. */
	static int[] largest(float[] values, int k) {
		int kept = Math.min(k, values.length);
		int[] top = new int[kept];
		int size = 0;
		for (int c = 0; c < values.length; c++) {
			float value = values[c];
			if (size == kept && !(value > values[top[size - 1]])) {
				continue;
			}
			int at = Math.min(size, kept - 1);
			while (at > 0 && value > values[top[at - 1]]) {
				top[at] = top[at - 1];
				at--;
			}
			top[at] = c;
			size = Math.min(size + 1, kept);
		}
		return top;
	}

	/**
	 * {@code value} rounded half-even to {@code decimals} places, exactly as written: the float's own binary value
	 * is what is rounded, so 0.125f goes to 0.12 and 0.375f to 0.38.
	 */
	static String decimal(float value, int decimals) {
		if (!Float.isFinite(value)) {
			return Float.toString(value);
		}
		return new BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
	}

}
