package dev.mlaas.server.training;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A training job as stored: the whole truth about it lives here, not in a worker's memory. */
@Entity
@Table(name = "training_job")
class TrainingJobEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long ownerId;

	private Long datasetId;

	private String requestedArchitecture;

	private String recipe;

	@Enumerated(EnumType.STRING)
	private JobStatus status;

	private int epochsDone;

	private int epochsTotal;

	private int attempts;

	private Double trainingAccuracy;

	private String error;

	private Long modelId;

	private Instant createdAt;

	private Instant startedAt;

	private Instant finishedAt;

	@Version
	private long version;

	protected TrainingJobEntity() {
	}

	TrainingJobEntity(long ownerId, long datasetId, String requestedArchitecture, String recipe, int epochsTotal,
			Instant createdAt) {
		this.ownerId = ownerId;
		this.datasetId = datasetId;
		this.requestedArchitecture = requestedArchitecture;
		this.recipe = recipe;
		this.status = JobStatus.QUEUED;
		this.epochsTotal = epochsTotal;
		this.createdAt = createdAt;
	}

	void start(Instant now) {
		this.status = JobStatus.RUNNING;
		this.attempts++;
		this.epochsDone = 0;
		this.startedAt = now;
	}

	/** Whether this is still the run that started as attempt {@code attempt}, and not yet ended. */
	boolean isRunningAttempt(int attempt) {
		return this.status == JobStatus.RUNNING && this.attempts == attempt;
	}

	void succeed(long modelId, double trainingAccuracy, Instant now) {
		this.status = JobStatus.SUCCEEDED;
		this.modelId = modelId;
		this.trainingAccuracy = trainingAccuracy;
		this.epochsDone = this.epochsTotal;
		this.finishedAt = now;
	}

	void fail(String error, Instant now) {
		this.status = JobStatus.FAILED;
		this.error = error;
		this.finishedAt = now;
	}

	Long getId() {
		return this.id;
	}

	Long getOwnerId() {
		return this.ownerId;
	}

	Long getDatasetId() {
		return this.datasetId;
	}

	String getRequestedArchitecture() {
		return this.requestedArchitecture;
	}

	String getRecipe() {
		return this.recipe;
	}

	JobStatus getStatus() {
		return this.status;
	}

	int getEpochsDone() {
		return this.epochsDone;
	}

	int getEpochsTotal() {
		return this.epochsTotal;
	}

	int getAttempts() {
		return this.attempts;
	}

	Double getTrainingAccuracy() {
		return this.trainingAccuracy;
	}

	String getError() {
		return this.error;
	}

	Long getModelId() {
		return this.modelId;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getStartedAt() {
		return this.startedAt;
	}

	Instant getFinishedAt() {
		return this.finishedAt;
	}

}
