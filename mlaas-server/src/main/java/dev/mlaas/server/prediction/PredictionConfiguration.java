package dev.mlaas.server.prediction;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.mlaas.server.metering.Ledger;

/** Registers the {@code /predict} body converters (JSON and {@code .npy}) ahead of Jackson. */
@Configuration(proxyBeanMethods = false)
class PredictionConfiguration implements WebMvcConfigurer {

	private final int maxInstances;

	private final int maxFeatures;

	PredictionConfiguration(@Value("${mlaas.prediction.max-batch-size}") int maxInstances,
			@Value("${mlaas.datasets.max-features}") int maxFeatures) {
		if (maxInstances < 1 || maxInstances > Ledger.MAX_UNITS) {
			// the ledger numbers a request's lines within 2^20; a larger batch could never be charged
			throw new IllegalStateException("mlaas.prediction.max-batch-size must be 1 to " + Ledger.MAX_UNITS
					+ ", not " + maxInstances);
		}
		this.maxInstances = maxInstances;
		this.maxFeatures = maxFeatures;
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new PredictionJsonConverter(this.maxInstances, this.maxFeatures));
		// after JSON, so JSON stays the answer's type unless a client asks for .npy
		converters.add(1, new PredictionNpyConverter(this.maxInstances, this.maxFeatures));
	}

}
