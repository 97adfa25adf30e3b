package dev.mlaas.server.datasets;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dataset's records in {@link DatasetCodec} form, kept apart so listing datasets never loads them. */
@Entity
@Table(name = "dataset_content")
class DatasetContentEntity {

	@Id
	private Long datasetId;

	private byte[] content;

	protected DatasetContentEntity() {
	}

	DatasetContentEntity(Long datasetId, byte[] content) {
		this.datasetId = datasetId;
		this.content = content;
	}

	byte[] getContent() {
		return this.content;
	}

}
