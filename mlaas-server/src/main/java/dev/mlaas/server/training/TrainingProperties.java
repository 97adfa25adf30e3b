package dev.mlaas.server.training;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Training limits and concurrency ({@code mlaas.training.*}). */
@ConfigurationProperties("mlaas.training")
record TrainingProperties(int concurrentJobs, int maxEpochs, int maxAttempts) {
}
