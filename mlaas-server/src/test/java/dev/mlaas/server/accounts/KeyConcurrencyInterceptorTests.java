package dev.mlaas.server.accounts;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.mlaas.server.common.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One key's requests in flight are bounded, another key's are not held back by them, and an answer frees a place. */
class KeyConcurrencyInterceptorTests {

	private final KeyConcurrencyInterceptor limit = new KeyConcurrencyInterceptor(2);

	private MockHttpServletRequest request(long key) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/predict");
		request.setAttribute(ApiKeyInterceptor.CALLER_ATTRIBUTE, new Caller(1, key));
		return request;
	}

	@Test
	void theThirdRequestInFlightOfOneKeyIsRefusedWith429UntilOneAnswers() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockHttpServletRequest first = request(7);
		assertThat(this.limit.preHandle(first, response, null)).isTrue();
		assertThat(this.limit.preHandle(request(7), response, null)).isTrue();
		assertThatThrownBy(() -> this.limit.preHandle(request(7), response, null)).isInstanceOfSatisfying(
				ApiException.class, ex -> {
					assertThat(ex.status().value()).isEqualTo(429);
					assertThat(ex.retryAfterSeconds()).isEqualTo(1);
					assertThat(ex.properties()).containsEntry("limit", 2);
				});
		// another key is not held back
		assertThat(this.limit.preHandle(request(8), response, null)).isTrue();
		this.limit.afterCompletion(first, response, null, null);
		assertThat(this.limit.preHandle(request(7), response, null)).isTrue();
		// a completion is counted once
		this.limit.afterCompletion(first, response, null, null);
		assertThatThrownBy(() -> this.limit.preHandle(request(7), response, null)).isInstanceOf(ApiException.class);
	}

}
