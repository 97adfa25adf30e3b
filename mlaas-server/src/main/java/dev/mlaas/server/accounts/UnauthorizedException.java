package dev.mlaas.server.accounts;

import org.springframework.http.HttpStatus;

import dev.mlaas.server.common.web.ApiException;

/** A request without a valid, unrevoked API key. */
class UnauthorizedException extends ApiException {

	UnauthorizedException(String detail) {
		super(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or invalid API key", detail);
	}

}
