package dev.mlaas.server.datasets;

import org.springframework.http.HttpStatus;

import dev.mlaas.server.common.web.ApiException;

/** An upload larger than the configured limits ({@code mlaas.datasets.*}). */
class DatasetLimitExceededException extends ApiException {

	DatasetLimitExceededException(String what, long actual, long limit) {
		super(HttpStatus.PAYLOAD_TOO_LARGE, "dataset-too-large", "Dataset too large",
				"The dataset has " + actual + " " + what + "; the limit is " + limit + ".");
		with("limit", limit).with("actual", actual);
	}

}
