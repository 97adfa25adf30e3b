package dev.mlaas.server.metering;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.mlaas.server.accounts.ApiKeyService;
import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.ProblemTypes;

/**
 * {@code Idempotency-Key} on a POST: the first request with a key is served and its 2xx answer kept; a retry with
 * the same key and the same request gets that answer again ({@code Idempotent-Replayed: true}) and is not charged.
 * The key is per API key. Reusing it for another request is a 422; a retry while the first is still being served a
 * 409. The ledger row of the first request carries the key, and the ledger refuses a second row for it, so a request
 * is charged at most once even when its server died after charging and before its answer was kept (the retry then
 * gets a 409 that says so).
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	/** The key of the request this thread serves, for the ledger row. */
	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	/** A first attempt older than this that never answered is taken to have died with its server. */
	private static final Duration ABANDONED = Duration.ofMinutes(5);

	/** Answer headers a replay repeats; the rest (dates, rate limits) belong to the replay itself. */
	private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
			"Mlaas-Queries", "Mlaas-Credits", "Mlaas-Charge-Id", "Mlaas-Output-Policy");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ApiKeyService keys;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	IdempotencyFilter(ApiKeyService keys, JdbcTemplate jdbc, Clock clock) {
		this.keys = keys;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The {@code Idempotency-Key} of the request being served on this thread, if it has one. */
	static Optional<String> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER).strip();
		Optional<Caller> caller = caller(request);
		if (caller.isEmpty()) {
			// the key check answers 401 as for any request
			chain.doFilter(request, response);
			return;
		}
		if (key.isEmpty() || key.length() > 255) {
			problem(response, 400, "invalid-idempotency-key", "Invalid Idempotency-Key",
					"An Idempotency-Key is 1 to 255 characters.");
			return;
		}
		if (request.getContentType() != null && request.getContentType().startsWith("multipart/")) {
			// an upload is parsed by the servlet container from its own stream, which a filter cannot replay
			problem(response, 400, "idempotency-key-unsupported", "Idempotency-Key not supported here",
					"Idempotency-Key is supported on JSON and .npy bodies (POST /predict, POST /train), not on "
							+ "multipart uploads.");
			return;
		}
		long apiKeyId = caller.get().apiKeyId();
		byte[] body = request.getInputStream().readAllBytes();
		byte[] hash = hash(request, body);
		if (!claim(apiKeyId, key, hash)) {
			replayOrRefuse(apiKeyId, key, hash, response);
			return;
		}
		ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
		CURRENT.set(key);
		boolean kept = false;
		try {
			chain.doFilter(new ReadAgain(request, body), answer);
			if (answer.getStatus() >= 200 && answer.getStatus() < 300) {
				this.jdbc.update("update idempotent_request set status = ?, headers = ?, body = ? where "
						+ "api_key_id = ? and idempotency_key = ?", answer.getStatus(), headersOf(answer),
						answer.getContentAsByteArray(), apiKeyId, key);
				kept = true;
			}
		}
		finally {
			CURRENT.remove();
			if (!kept) {
				// an error charged nothing and is not kept: the client may try again with the same key
				this.jdbc.update("delete from idempotent_request where api_key_id = ? and idempotency_key = ?",
						apiKeyId, key);
			}
			answer.copyBodyToResponse();
		}
	}

	/** Takes the key for this request; false when another request already has it (answered, or in flight). */
	private boolean claim(long apiKeyId, String key, byte[] hash) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("delete from idempotent_request where api_key_id = ? and idempotency_key = ? and status is "
				+ "null and created_at < ?", apiKeyId, key, Timestamp.from(this.clock.instant().minus(ABANDONED)));
		try {
			this.jdbc.update("insert into idempotent_request (api_key_id, idempotency_key, request_hash, created_at) "
					+ "values (?, ?, ?, ?)", apiKeyId, key, hash, now);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private void replayOrRefuse(long apiKeyId, String key, byte[] hash, HttpServletResponse response)
			throws IOException {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select request_hash, status, headers, body from "
				+ "idempotent_request where api_key_id = ? and idempotency_key = ?", apiKeyId, key);
		if (rows.isEmpty()) {
			problem(response, 409, "idempotency-key-in-flight", "Request in progress",
					"A request with this Idempotency-Key was being served a moment ago; ask again.");
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			return;
		}
		Map<String, Object> first = rows.get(0);
		if (!MessageDigest.isEqual((byte[]) first.get("request_hash"), hash)) {
			problem(response, 422, "idempotency-key-reused", "Idempotency-Key reused",
					"This Idempotency-Key was used for another request (method, path, query or body differ); use a "
							+ "new key for a new request.");
			return;
		}
		if (first.get("status") == null) {
			problem(response, 409, "idempotency-key-in-flight", "Request in progress",
					"The first request with this Idempotency-Key is still being served; ask again when it has "
							+ "answered.");
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			return;
		}
		response.setStatus(((Number) first.get("status")).intValue());
		Map<String, String> headers = JSON.readValue((String) first.get("headers"), new TypeReference<>() {
		});
		headers.forEach(response::setHeader);
		response.setHeader("Idempotent-Replayed", "true");
		byte[] body = (byte[]) first.get("body");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private Optional<Caller> caller(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Optional.empty();
		}
		return this.keys.authenticate(authorization.substring(7).strip());
	}

	private static String headersOf(HttpServletResponse response) throws IOException {
		Map<String, String> kept = new LinkedHashMap<>();
		for (String name : KEPT_HEADERS) {
			String value = response.getHeader(name);
			if (value != null) {
				kept.put(name, value);
			}
		}
		if (response.getContentType() != null) {
			kept.put(HttpHeaders.CONTENT_TYPE, response.getContentType());
		}
		return JSON.writeValueAsString(kept);
	}

	private static byte[] hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
					+ (request.getQueryString() != null ? request.getQueryString() : "") + "\n")
				.getBytes(StandardCharsets.UTF_8));
			return digest.digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatusCode.valueOf(status),
				detail);
		problem.setType(ProblemTypes.uri(type));
		problem.setTitle(title);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

	/** The request with its body, already read for the hash, to be read again by the handler. */
	private static final class ReadAgain extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadAgain(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("blocking reads only");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
					(getCharacterEncoding() != null) ? java.nio.charset.Charset.forName(getCharacterEncoding())
							: StandardCharsets.UTF_8));
		}

	}

}
