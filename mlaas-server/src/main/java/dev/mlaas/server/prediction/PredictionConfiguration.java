package dev.mlaas.server.prediction;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the {@code /predict} body converter ahead of Jackson. */
@Configuration(proxyBeanMethods = false)
class PredictionConfiguration implements WebMvcConfigurer {

	private final int maxInstances;

	private final int maxFeatures;

	PredictionConfiguration(@Value("${mlaas.prediction.max-batch-size}") int maxInstances,
			@Value("${mlaas.datasets.max-features}") int maxFeatures) {
		this.maxInstances = maxInstances;
		this.maxFeatures = maxFeatures;
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new PredictionJsonConverter(this.maxInstances, this.maxFeatures));
	}

}
