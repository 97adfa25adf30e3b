package dev.mlaas.server.models;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A model as an account sees it: the owner sees everything; another account sees a published model's interface
 * (features, classes, shape, and the output policy that shapes its answers) and nothing of how it was made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelView(long id, boolean owned, boolean published, int features, int classes, String recordShape,
		OutputPolicy outputPolicy, String architecture, Object recipe, Long datasetId, Double trainingAccuracy,
		Instant createdAt) {

	static ModelView of(ModelEntity model, long accountId, Object recipe) {
		boolean owner = model.getOwnerId() == accountId;
		if (!owner) {
			return new ModelView(model.getId(), false, model.isPublished(), model.getNumFeatures(),
					model.getNumClasses(), model.getRecordShape(), model.getOutputPolicy(), null, null, null, null,
					null);
		}
		return new ModelView(model.getId(), true, model.isPublished(), model.getNumFeatures(), model.getNumClasses(),
				model.getRecordShape(), model.getOutputPolicy(), model.getArchitecture(), recipe, model.getDatasetId(),
				model.getTrainingAccuracy(), model.getCreatedAt());
	}

}
