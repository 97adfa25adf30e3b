package dev.mlaas.server.metering;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Credits charged per unit of each billable action ({@code mlaas.pricing.*}). */
@ConfigurationProperties("mlaas.pricing")
public record PricingProperties(BigDecimal prediction, BigDecimal trainingJob, BigDecimal upload) {

	BigDecimal priceOf(BillableAction action) {
		return switch (action) {
			case PREDICTION -> this.prediction;
			case TRAINING_JOB -> this.trainingJob;
			case UPLOAD -> this.upload;
		};
	}

}
