package dev.mlaas.server.datasets;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dataset's metadata; its records live in {@link DatasetContentEntity}, loaded only for training. */
@Entity
@Table(name = "dataset")
class DatasetEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long ownerId;

	private String name;

	private String sourceFormat;

	private int numRecords;

	private int numFeatures;

	private int numClasses;

	private String recordShape;

	private long sizeBytes;

	private Instant createdAt;

	protected DatasetEntity() {
	}

	DatasetEntity(Long ownerId, String name, String sourceFormat, Records records, long sizeBytes, Instant createdAt) {
		this.ownerId = ownerId;
		this.name = name;
		this.sourceFormat = sourceFormat;
		this.numRecords = records.size();
		this.numFeatures = records.numFeatures();
		this.numClasses = records.numClasses();
		this.recordShape = records.shapeText();
		this.sizeBytes = sizeBytes;
		this.createdAt = createdAt;
	}

	Long getId() {
		return this.id;
	}

	Long getOwnerId() {
		return this.ownerId;
	}

	String getName() {
		return this.name;
	}

	String getSourceFormat() {
		return this.sourceFormat;
	}

	int getNumRecords() {
		return this.numRecords;
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

	long getSizeBytes() {
		return this.sizeBytes;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
