package dev.mlaas.server.datasets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Upload limits ({@code mlaas.datasets.*}). {@code maxValues} bounds records x features, what a dataset holds in
 * memory (4 bytes a value) whatever its file declares or decompresses to.
 */
@ConfigurationProperties("mlaas.datasets")
record DatasetProperties(int maxRecords, int maxFeatures, int maxClasses, long maxValues) {
}
