package dev.mlaas.server.training;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.metering.UsageLimits;

/** The training limits {@code GET /usage} shows: a job's largest size, and the account's unfinished jobs. */
@Component
class TrainingUsageLimits implements UsageLimits {

	private final TrainingJobRepository jobs;

	private final TrainingProperties properties;

	TrainingUsageLimits(TrainingJobRepository jobs, TrainingProperties properties) {
		this.jobs = jobs;
		this.properties = properties;
	}

	@Override
	public String feature() {
		return "training";
	}

	@Override
	public Map<String, Object> limitsFor(Caller caller) {
		long unfinished = this.jobs.countByOwnerIdAndStatusIn(caller.accountId(), TrainingService.UNFINISHED);
		Map<String, Object> limits = new LinkedHashMap<>();
		limits.put("maxJobWork", this.properties.maxWork());
		limits.put("maxEpochs", this.properties.maxEpochs());
		limits.put("maxUnfinishedJobs", this.properties.maxUnfinishedJobsPerAccount());
		limits.put("unfinishedJobs", unfinished);
		limits.put("jobsLeft", Math.max(0, this.properties.maxUnfinishedJobsPerAccount() - unfinished));
		return limits;
	}

}
