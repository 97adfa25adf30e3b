package dev.mlaas.server.metering;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts each key's rate limit on every authenticated request. */
@Configuration(proxyBeanMethods = false)
class MeteringConfiguration implements WebMvcConfigurer {

	private final Quotas quotas;

	MeteringConfiguration(Quotas quotas) {
		this.quotas = quotas;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		// after the API key check (order 0), before the bound on a key's requests in flight (order 2)
		registry.addInterceptor(new RateLimitInterceptor(this.quotas)).addPathPatterns("/**").order(1);
	}

}
