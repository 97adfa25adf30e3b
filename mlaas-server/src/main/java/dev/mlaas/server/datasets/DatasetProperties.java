package dev.mlaas.server.datasets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Upload limits ({@code mlaas.datasets.*}). */
@ConfigurationProperties("mlaas.datasets")
record DatasetProperties(int maxRecords, int maxFeatures, int maxClasses) {
}
