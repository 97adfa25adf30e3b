package dev.mlaas.server.common.web;

import org.springframework.http.HttpStatus;

/**
 * A resource that does not exist or that the caller may not see: both answer the same 404 so that ids of other
 * accounts' resources cannot be probed.
 */
public class NotFoundException extends ApiException {

	public NotFoundException(String resource, long id) {
		super(HttpStatus.NOT_FOUND, resource + "-not-found", capitalize(resource) + " not found",
				"No " + resource + " with id " + id + " is visible to this API key.");
		with(resource + "Id", id);
	}

	private static String capitalize(String s) {
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

}
