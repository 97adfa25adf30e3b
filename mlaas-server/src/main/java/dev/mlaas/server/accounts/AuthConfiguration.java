package dev.mlaas.server.accounts;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the API key check in front of every endpoint but sign-up, the operator's {@code /admin}, the prices, health,
 * info and the API docs, and after it (and the rate limit) the bound on each key's requests in flight.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

	static {
		// the caller comes from the Authorization header, not from the request: keep it out of the API docs
		org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	private final ApiKeyService keys;

	private final int concurrentRequestsPerKey;

	AuthConfiguration(ApiKeyService keys,
			@org.springframework.beans.factory.annotation.Value("${mlaas.limits.concurrent-requests-per-key}") int concurrentRequestsPerKey) {
		this.keys = keys;
		this.concurrentRequestsPerKey = concurrentRequestsPerKey;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new ApiKeyInterceptor(this.keys))
			.addPathPatterns("/**")
			.excludePathPatterns(OPEN_PATHS)
			.order(AUTHENTICATION_ORDER);
		registry.addInterceptor(new KeyConcurrencyInterceptor(this.concurrentRequestsPerKey))
			.addPathPatterns("/**")
			.excludePathPatterns(OPEN_PATHS)
			.order(AUTHENTICATION_ORDER + 2);
	}

	/**
	 * The key check's place among interceptors: the rate limit (metering, order 1) runs between it and the in-flight
	 * bound, since it needs the caller and a refused request should not hold one of the key's permits.
	 */
	private static final int AUTHENTICATION_ORDER = 0;

	private static final String[] OPEN_PATHS = { "/accounts", "/admin/**", "/pricing", "/actuator/**", "/v3/api-docs/**",
			"/swagger-ui/**", "/swagger-ui.html", "/error" };

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

	@Bean
	@ConditionalOnMissingBean
	static Clock clock() {
		return Clock.systemUTC();
	}

	/** Lets a controller method declare a {@link Caller} parameter. */
	private static final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Caller.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
				NativeWebRequest request, WebDataBinderFactory binderFactory) {
			Object caller = request.getAttribute(ApiKeyInterceptor.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
			if (caller == null) {
				throw new UnauthorizedException("Send your API key as 'Authorization: Bearer <key>'.");
			}
			return caller;
		}

	}

}
