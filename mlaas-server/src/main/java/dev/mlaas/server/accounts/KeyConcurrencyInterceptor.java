package dev.mlaas.server.accounts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.mlaas.server.common.web.ApiException;

/**
 * At most {@code limit} requests of one API key in flight on this replica, so that one client cannot hold every
 * request thread, or the memory of that many large batches, at once; the next gets 429 with {@code Retry-After}.
 * Runs after {@link ApiKeyInterceptor}, on the caller it resolved. Per replica: N replicas allow N times the limit.
 */
class KeyConcurrencyInterceptor implements HandlerInterceptor {

	private static final String HELD = KeyConcurrencyInterceptor.class.getName() + ".held";

	private final int limit;

	private final Map<Long, Semaphore> inFlight = new ConcurrentHashMap<>();

	KeyConcurrencyInterceptor(int limit) {
		this.limit = limit;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Caller caller = (Caller) request.getAttribute(ApiKeyInterceptor.CALLER_ATTRIBUTE);
		if (caller == null) {
			return true;
		}
		Semaphore permits = this.inFlight.computeIfAbsent(caller.apiKeyId(), key -> new Semaphore(this.limit));
		if (!permits.tryAcquire()) {
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-concurrent-requests",
					"Too many concurrent requests", "This API key already has " + this.limit
							+ " requests in flight, the most one key may have; send the next when one has answered.")
				.with("limit", this.limit)
				.retryAfter(1);
		}
		request.setAttribute(HELD, permits);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (request.getAttribute(HELD) instanceof Semaphore permits) {
			request.removeAttribute(HELD);
			permits.release();
		}
	}

}
