package dev.mlaas.server.training;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A job as its owner sees it: status, progress (epoch n of m), and when done the model and its accuracy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(long id, long datasetId, String architecture, JobStatus status, Progress progress, Long modelId,
		Double trainingAccuracy, String error, int attempts, Instant createdAt, Instant startedAt,
		Instant finishedAt) {

	static JobView of(TrainingJobEntity job) {
		return new JobView(job.getId(), job.getDatasetId(), job.getRequestedArchitecture(), job.getStatus(),
				new Progress(job.getEpochsDone(), job.getEpochsTotal()), job.getModelId(), job.getTrainingAccuracy(),
				job.getError(), job.getAttempts(), job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt());
	}

	record Progress(int epoch, int epochs) {
	}

}
