package dev.mlaas.server.models;

/**
 * One copy of a model's inference pass. A copy keeps per-call state (DL4J's layers, or reused buffers), so it serves
 * one call at a time; {@link ServableModel} lends copies out.
 */
interface Forward {

	/** The posteriors of {@code rows} records given row-major, row-major too ({@code rows x classes}). */
	float[] predict(float[] rowMajorFeatures, int rows);

}
