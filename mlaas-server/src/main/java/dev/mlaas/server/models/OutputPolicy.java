package dev.mlaas.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mlaas.server.common.web.InvalidRequestException;

/**
 * What {@code /predict} leaves of a model's posterior vectors, set by its owner and changeable without retraining:
 * all of them ({@code full}, the default), the {@code k} largest with their class indices ({@code top-k}), each
 * rounded to {@code decimals} places ({@code rounding}), or the predicted class alone ({@code label-only}). Stored
 * as its {@link #spec()}: {@code full}, {@code top-k:3}, {@code rounding:2}, {@code label-only}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputPolicy(String type, Integer k, Integer decimals) {

	public static final String FULL_TYPE = "full";

	public static final String TOP_K = "top-k";

	public static final String ROUNDING = "rounding";

	public static final String LABEL_ONLY = "label-only";

	/** The most decimals worth keeping: a float32 posterior holds about seven significant digits. */
	public static final int MAX_DECIMALS = 7;

	public static final OutputPolicy FULL = new OutputPolicy(FULL_TYPE, null, null);

	public OutputPolicy {
		if (type == null) {
			throw invalid("outputPolicy.type: give full, top-k (with k), rounding (with decimals) or label-only.");
		}
		switch (type) {
			case FULL_TYPE, LABEL_ONLY -> {
				if (k != null || decimals != null) {
					throw invalid("outputPolicy: " + type + " takes neither k nor decimals.");
				}
			}
			case TOP_K -> {
				if (k == null || k < 1 || decimals != null) {
					throw invalid("outputPolicy: top-k takes k, a whole number of classes of at least 1, and no decimals.");
				}
			}
			case ROUNDING -> {
				if (decimals == null || decimals < 0 || decimals > MAX_DECIMALS || k != null) {
					throw invalid("outputPolicy: rounding takes decimals, a whole number from 0 to " + MAX_DECIMALS
							+ ", and no k.");
				}
			}
			default -> throw invalid("outputPolicy.type: '" + type
					+ "' is none of full, top-k, rounding and label-only.");
		}
	}

	/** The stored form: {@code full}, {@code top-k:3}, {@code rounding:2} or {@code label-only}. */
	public String spec() {
		return switch (this.type) {
			case TOP_K -> TOP_K + ":" + this.k;
			case ROUNDING -> ROUNDING + ":" + this.decimals;
			default -> this.type;
		};
	}

	/** The policy a stored {@link #spec()} names. */
	public static OutputPolicy parse(String spec) {
		int colon = spec.indexOf(':');
		if (colon < 0) {
			return new OutputPolicy(spec, null, null);
		}
		String type = spec.substring(0, colon);
		int value = Integer.parseInt(spec.substring(colon + 1));
		return TOP_K.equals(type) ? new OutputPolicy(type, value, null) : new OutputPolicy(type, null, value);
	}

	/** Refuses a top-k wider than the model's classes: the caller meant another model or another k. */
	void checkFor(int classes) {
		if (this.k != null && this.k > classes) {
			throw invalid("outputPolicy.k: the model has " + classes + " classes; k = " + this.k + " is more.");
		}
	}

	private static InvalidRequestException invalid(String detail) {
		return new InvalidRequestException("output-policy-invalid", "Invalid output policy", detail);
	}

}
