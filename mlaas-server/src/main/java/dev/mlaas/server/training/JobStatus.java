package dev.mlaas.server.training;

/** A training job's life: queued until a worker picks it, then running, then one of the three ends. */
enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
