package dev.mlaas.server.training;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Training limits and concurrency ({@code mlaas.training.*}), and the random forest's defaults: the largest cost of
 * a forest is its trees, so they are capped like epochs. {@code maxWork} bounds one job's size in
 * {@link TrainingWork} units, {@code maxUnfinishedJobsPerAccount} how many jobs one account may have queued or running.
 */
@ConfigurationProperties("mlaas.training")
record TrainingProperties(int concurrentJobs, int maxEpochs, int maxAttempts, int defaultTrees, int maxTrees,
		int defaultMaxDepth, double maxWork, int maxUnfinishedJobsPerAccount) {
}
