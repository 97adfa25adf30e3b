package dev.mlaas.server.prediction;

import org.springframework.http.HttpStatus;

import dev.mlaas.server.common.web.ApiException;

/** Instances the model cannot take: wrong width, values that are not finite, or too many at once. */
class InvalidInstancesException extends ApiException {

	InvalidInstancesException(String detail) {
		super(HttpStatus.BAD_REQUEST, "instances-invalid", "Invalid instances", detail);
	}

}
