package dev.mlaas.server.metering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What metering leaves behind, deleted every hour by one replica at a time (a db-scheduler recurring task): answers
 * kept for {@code Idempotency-Key} retries once older than {@code mlaas.idempotency.keep} (24 h; the ledger keeps the
 * key, so a later retry is still never charged twice, it gets a 409 instead of the answer), daily-quota counters of
 * days before yesterday, and rate-limit buckets that have been full long enough to be the same as none.
 */
@Configuration(proxyBeanMethods = false)
class MeteringHousekeeping {

	private final JdbcTemplate jdbc;

	private final Quotas quotas;

	private final Clock clock;

	private final Duration keep;

	MeteringHousekeeping(JdbcTemplate jdbc, Quotas quotas, Clock clock,
			@Value("${mlaas.idempotency.keep}") Duration keep) {
		this.jdbc = jdbc;
		this.quotas = quotas;
		this.clock = clock;
		this.keep = keep;
	}

	@Bean
	RecurringTask<Void> meteringHousekeepingTask() {
		return Tasks.recurring("metering-housekeeping", FixedDelay.ofHours(1)).execute((instance, context) -> run());
	}

	/** Deletes what is no longer needed; says how many of each. */
	Deleted run() {
		int answers = this.jdbc.update("delete from idempotent_request where created_at < ?",
				Timestamp.from(this.clock.instant().minus(this.keep)));
		int counters = this.jdbc.update("delete from daily_quota_use where usage_day < ?",
				java.sql.Date.valueOf(LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).minusDays(1)));
		return new Deleted(answers, counters, this.quotas.removeExpiredBuckets());
	}

	/** How many kept answers, quota counters and rate-limit buckets one run deleted. */
	record Deleted(int answers, int counters, int buckets) {
	}

}
