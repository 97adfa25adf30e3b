package dev.mlaas.server.common.web;

import org.springframework.http.HttpStatus;

/** A request that is well-formed HTTP but asks for something the service cannot do with the given values. */
public class InvalidRequestException extends ApiException {

	public InvalidRequestException(String type, String title, String detail) {
		super(HttpStatus.BAD_REQUEST, type, title, detail);
	}

}
