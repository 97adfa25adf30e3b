package dev.mlaas.server.models;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A trained model's metadata; the weights are in {@link ModelWeightsEntity}. Private until published. */
@Entity
@Table(name = "model")
class ModelEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long ownerId;

	private Long datasetId;

	private String architecture;

	private String recipe;

	private int numFeatures;

	private int numClasses;

	private String recordShape;

	private double trainingAccuracy;

	private boolean published;

	private Instant createdAt;

	private String outputPolicy = OutputPolicy.FULL.spec();

	protected ModelEntity() {
	}

	ModelEntity(NewModel model, Instant createdAt) {
		this.ownerId = model.ownerId();
		this.datasetId = model.datasetId();
		this.architecture = model.architecture();
		this.recipe = model.recipe();
		this.numFeatures = model.numFeatures();
		this.numClasses = model.numClasses();
		this.recordShape = model.recordShape();
		this.trainingAccuracy = model.trainingAccuracy();
		this.createdAt = createdAt;
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

	String getArchitecture() {
		return this.architecture;
	}

	String getRecipe() {
		return this.recipe;
	}

	int getNumFeatures() {
		return this.numFeatures;
	}

	int getNumClasses() {
		return this.numClasses;
	}

	String getRecordShape() {
		return this.recordShape;
	}

	double getTrainingAccuracy() {
		return this.trainingAccuracy;
	}

	boolean isPublished() {
		return this.published;
	}

	void setPublished(boolean published) {
		this.published = published;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	boolean isVisibleTo(long accountId) {
		return this.ownerId == accountId || this.published;
	}

	OutputPolicy getOutputPolicy() {
		return OutputPolicy.parse(this.outputPolicy);
	}

	void setOutputPolicy(OutputPolicy policy) {
		this.outputPolicy = policy.spec();
	}

}
