package dev.mlaas.server.models;

/** What training hands over to the model store. */
public record NewModel(long ownerId, long datasetId, String architecture, String recipe, int numFeatures,
		int numClasses, String recordShape, double trainingAccuracy, byte[] weights) {
}
