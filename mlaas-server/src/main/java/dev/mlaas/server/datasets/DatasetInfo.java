package dev.mlaas.server.datasets;

import java.time.Instant;

/** A dataset's metadata as its owner sees it. */
public record DatasetInfo(long id, String name, String format, int records, int features, int classes,
		String recordShape, long storedBytes, Instant createdAt) {

	static DatasetInfo of(DatasetEntity entity) {
		return new DatasetInfo(entity.getId(), entity.getName(), entity.getSourceFormat(), entity.getNumRecords(),
				entity.getNumFeatures(), entity.getNumClasses(), entity.getRecordShape(), entity.getSizeBytes(),
				entity.getCreatedAt());
	}

	public int[] shape() {
		return Records.parseShape(this.recordShape);
	}

}
