package dev.mlaas.attacker.http;

import java.util.Map;

/** An error answer from the service, parsed from its RFC 9457 problem+json body. */
public class ApiProblemException extends RuntimeException {

	private final int status;

	private final String type;

	private final Map<String, Object> body;

	ApiProblemException(int status, String type, String title, String detail, Map<String, Object> body) {
		super(status + " " + title + ((detail != null) ? ": " + detail : ""));
		this.status = status;
		this.type = type;
		this.body = body;
	}

	public int status() {
		return this.status;
	}

	/** The problem type URI, e.g. {@code https://mlaas.dev/problems/model-not-found}. */
	public String type() {
		return this.type;
	}

	public Map<String, Object> body() {
		return this.body;
	}

}
