package dev.mlaas.server.metering;

import java.math.BigDecimal;

/**
 * What one plan allows each API key of an account on it: requests per second with a burst, and predictions,
 * training jobs and uploads per UTC day; and the credits an account starts with. A missing limit is no limit.
 */
public record Plan(Integer requestsPerSecond, Integer burst, Long predictionsPerDay, Long trainingJobsPerDay,
		Long uploadsPerDay, BigDecimal credits) {

	public Plan {
		positive("requests-per-second", requestsPerSecond);
		positive("burst", burst);
		positive("predictions-per-day", predictionsPerDay);
		positive("training-jobs-per-day", trainingJobsPerDay);
		positive("uploads-per-day", uploadsPerDay);
		if (credits != null && credits.signum() < 0) {
			throw new IllegalArgumentException("A plan's credits cannot be negative: " + credits);
		}
		if (burst != null && requestsPerSecond == null) {
			throw new IllegalArgumentException("A burst needs requests-per-second");
		}
		if (requestsPerSecond != null && burst == null) {
			burst = requestsPerSecond;
		}
	}

	/** The daily quota on an action's units, or null. */
	Long perDay(BillableAction action) {
		return switch (action) {
			case PREDICTION -> this.predictionsPerDay;
			case TRAINING_JOB -> this.trainingJobsPerDay;
			case UPLOAD -> this.uploadsPerDay;
		};
	}

	private static void positive(String name, Number value) {
		if (value != null && value.longValue() < 1) {
			throw new IllegalArgumentException("A plan's " + name + " must be at least 1, not " + value);
		}
	}

}
