package dev.mlaas.server.common.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client-facing error: a stable problem type, a fixed title and a client-safe detail, rendered as RFC 9457
 * problem+json by {@link ProblemDetailsHandler}.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private Long retryAfterSeconds;

	public ApiException(HttpStatus status, String type, String title, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
	}

	/** Adds an extension member to the problem body (e.g. {@code row}, {@code limit}). */
	public ApiException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	/** Answers with {@code Retry-After}: when asking again may succeed (a 429 or 503). */
	public ApiException retryAfter(long seconds) {
		this.retryAfterSeconds = seconds;
		return with("retryAfterSeconds", seconds);
	}

	public Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return ProblemTypes.uri(this.type);
	}

	public String title() {
		return this.title;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

}
