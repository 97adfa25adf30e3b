package dev.mlaas.server.metering;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

import dev.mlaas.server.accounts.Caller;

/**
 * Takes each authenticated request from its key's rate limit (429 with {@code Retry-After} when the bucket is
 * empty) and tells the caller where it stands in {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (seconds until the bucket is full again), the IETF draft's headers.
 */
class RateLimitInterceptor implements HandlerInterceptor {

	private final Quotas quotas;

	RateLimitInterceptor(Quotas quotas) {
		this.quotas = quotas;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getAttribute(Caller.class.getName()) instanceof Caller caller) {
			Quotas.RateState state = this.quotas.takeRequest(caller);
			if (state != null) {
				response.setHeader("RateLimit-Limit", Long.toString(state.limit()));
				response.setHeader("RateLimit-Remaining", Long.toString(state.remaining()));
				response.setHeader("RateLimit-Reset", Long.toString(state.resetSeconds()));
			}
		}
		return true;
	}

}
