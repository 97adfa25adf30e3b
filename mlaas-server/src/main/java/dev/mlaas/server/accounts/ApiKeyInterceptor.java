package dev.mlaas.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid API key ({@code Authorization: Bearer ...}) on every endpoint it is registered for, and leaves
 * the resolved {@link Caller} on the request. Throwing here lets the one problem handler answer 401.
 */
class ApiKeyInterceptor implements HandlerInterceptor {

	static final String CALLER_ATTRIBUTE = Caller.REQUEST_ATTRIBUTE;

	private static final String BEARER = "Bearer ";

	private final ApiKeyService keys;

	ApiKeyInterceptor(ApiKeyService keys) {
		this.keys = keys;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new UnauthorizedException("Send your API key as 'Authorization: Bearer <key>'.");
		}
		Caller caller = this.keys.authenticate(header.substring(BEARER.length()).trim())
			.orElseThrow(() -> new UnauthorizedException("The API key is unknown or revoked."));
		request.setAttribute(CALLER_ATTRIBUTE, caller);
		return true;
	}

}
