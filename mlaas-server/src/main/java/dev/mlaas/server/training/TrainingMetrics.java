package dev.mlaas.server.training;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Training jobs by state ({@code mlaas.training.jobs{status}}) and the queue's length
 * ({@code mlaas.training.queue.length}, the jobs waiting for a worker), counted in the database: the figures of the
 * whole service, whichever replica is scraped.
 */
@Component
class TrainingMetrics implements MeterBinder {

	private final TrainingJobRepository jobs;

	TrainingMetrics(TrainingJobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (JobStatus status : JobStatus.values()) {
			Gauge.builder("mlaas.training.jobs", this.jobs, jobs -> jobs.countByStatus(status))
				.tag("status", status.name())
				.description("Training jobs in this state, on every replica")
				.register(registry);
		}
		Gauge.builder("mlaas.training.queue.length", this.jobs, jobs -> jobs.countByStatus(JobStatus.QUEUED))
			.description("Training jobs waiting for a worker")
			.register(registry);
	}

}
