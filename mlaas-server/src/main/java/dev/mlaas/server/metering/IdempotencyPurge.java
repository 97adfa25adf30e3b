package dev.mlaas.server.metering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Kept answers to {@code Idempotency-Key} requests are deleted once older than {@code mlaas.idempotency.keep}
 * (24 h), every hour, by one replica at a time (a db-scheduler recurring task). The ledger keeps the key, so a
 * retry after that is still never charged twice; it gets a 409 instead of the answer.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyPurge {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration keep;

	IdempotencyPurge(JdbcTemplate jdbc, Clock clock, @Value("${mlaas.idempotency.keep}") Duration keep) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.keep = keep;
	}

	@Bean
	RecurringTask<Void> purgeIdempotentAnswers() {
		return Tasks.recurring("purge-idempotent-answers", FixedDelay.ofHours(1)).execute((instance, context) -> purge());
	}

	/** Deletes the answers kept longer than the configured time; returns how many. */
	int purge() {
		return this.jdbc.update("delete from idempotent_request where created_at < ?",
				Timestamp.from(this.clock.instant().minus(this.keep)));
	}

}
