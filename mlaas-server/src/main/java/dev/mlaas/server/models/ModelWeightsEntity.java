package dev.mlaas.server.models;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A model's serialized network, in the database so that every replica can serve it. */
@Entity
@Table(name = "model_weights")
class ModelWeightsEntity {

	@Id
	private Long modelId;

	private byte[] weights;

	protected ModelWeightsEntity() {
	}

	ModelWeightsEntity(Long modelId, byte[] weights) {
		this.modelId = modelId;
		this.weights = weights;
	}

	byte[] getWeights() {
		return this.weights;
	}

}
