package dev.mlaas.server.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.ApiException;

/**
 * Each API key's rate limit and daily quotas, counted where every replica counts against the same figures: N
 * replicas do not give N times the limit. The rate limit is a Bucket4j bucket: on PostgreSQL a row of table
 * {@code bucket} that every replica takes from; on H2, which only one server process can open, a bucket in memory.
 * It follows the plan: when the account changes plan, the bucket keeps what was used and gains (or loses) the
 * difference in capacity. A daily quota is a counter per key, action and UTC day (table {@code daily_quota_use}) that
 * the charge's own transaction updates.
 * <p>
 * Buckets and new counters use a small connection pool of their own: they are reached from inside the transactions
 * that charge, and with one pool, transactions each holding a connection and each waiting for a second could take
 * every connection and wait for ever.
 */
@Component
public class Quotas implements DisposableBean {

	private final HikariDataSource pool;

	/** The buckets in the database on PostgreSQL; null on H2, whose buckets are {@link #local}. */
	private final ProxyManager<Long> shared;

	/**
	 * On H2 the buckets live in this process: an H2 file database is opened by one server process, so there is no
	 * other replica to share them with, and a bucket in memory costs no commit per request.
	 */
	private final Cache<Long, LocalBucket> local = Caffeine.newBuilder().maximumSize(1_000_000).build();

	private final AccountPlans plans;

	private final Clock clock;

	/** Today's quota counters known to exist. */
	private final Cache<List<Object>, Boolean> rows = Caffeine.newBuilder().maximumSize(1_000_000).build();

	private final JdbcTemplate jdbc;

	Quotas(DataSourceProperties dataSource, JdbcTemplate jdbc, AccountPlans plans, Clock clock) {
		this.jdbc = jdbc;
		this.pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		this.pool.setPoolName("mlaas-quotas");
		this.pool.setMaximumPoolSize(4);
		this.pool.setMinimumIdle(1);
		// a bucket full for a minute is the same as none: its row may go (MeteringHousekeeping)
		this.shared = dataSource.determineUrl().startsWith("jdbc:postgresql:")
				? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(this.pool)
					.expirationAfterWrite(
							ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
					.build()
				: null;
		this.plans = plans;
		this.clock = clock;
	}

	/**
	 * Takes one request from the key's rate limit, or refuses it with 429. Returns what the {@code RateLimit-*}
	 * headers say; null when the plan has no rate limit.
	 */
	RateState takeRequest(Caller caller) {
		AccountPlans.NamedPlan named = this.plans.planOf(caller.accountId());
		Plan plan = named.plan();
		if (plan.requestsPerSecond() == null) {
			return null;
		}
		ConsumptionProbe probe = rateBucket(caller, plan).tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long wait = seconds(probe.getNanosToWaitForRefill());
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limit exceeded",
					String.format(Locale.ROOT, "This API key may send %d requests per second (bursts of %d) on the "
							+ "'%s' plan; wait %d s.", plan.requestsPerSecond(), plan.burst(), named.name(), wait))
				.with("limit", "requestsPerSecond")
				.with("plan", named.name())
				.with("requestsPerSecond", plan.requestsPerSecond())
				.with("burst", plan.burst())
				.with("resetsAt", this.clock.instant().plusSeconds(wait))
				.retryAfter(wait);
		}
		return new RateState(plan.burst(), probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()));
	}

	/**
	 * Counts {@code units} of an action against the key's daily quota, in the caller's transaction (so a rolled-back
	 * charge counts nothing), or refuses them all with 429 naming the quota and when it resets (midnight UTC). The
	 * counter row stays locked until that transaction ends: two replicas cannot both take the last units.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void take(Caller caller, BillableAction action, int units) {
		AccountPlans.NamedPlan named = this.plans.planOf(caller.accountId());
		Long perDay = named.plan().perDay(action);
		if (perDay == null) {
			return;
		}
		LocalDate today = today();
		ensureCounter(caller.apiKeyId(), action, today);
		int updated = this.jdbc.update("update daily_quota_use set units = units + ? where api_key_id = ? and "
				+ "action = ? and usage_day = ? and units + ? <= ?", units, caller.apiKeyId(), action.name(), today, units,
				perDay);
		if (updated == 0) {
			long left = perDay - used(caller, action, today);
			Instant resetsAt = nextMidnight();
			long wait = Math.max(1, Duration.between(this.clock.instant(), resetsAt).toSeconds());
			String limit = limitName(action);
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Daily quota exceeded",
					String.format(Locale.ROOT, "This API key may make %d %s per day (UTC) on the '%s' plan; %d are "
							+ "left today and this request needs %d. The quota resets at %s.", perDay,
							unitName(action), named.name(), left, units, resetsAt))
				.with("limit", limit)
				.with("plan", named.name())
				.with(limit, perDay)
				.with("remaining", left)
				.with("requested", units)
				.with("resetsAt", resetsAt)
				.retryAfter(wait);
		}
	}

	/** What is left now of the key's rate limit (requests) and of a daily quota; null when there is no limit. */
	Long requestsLeft(Caller caller) {
		Plan plan = this.plans.planOf(caller.accountId()).plan();
		return (plan.requestsPerSecond() != null) ? rateBucket(caller, plan).getAvailableTokens() : null;
	}

	Long leftToday(Caller caller, BillableAction action) {
		Long perDay = this.plans.planOf(caller.accountId()).plan().perDay(action);
		return (perDay != null) ? Math.max(0, perDay - used(caller, action, today())) : null;
	}

	/** Deletes the database's buckets whose expiry has passed (on PostgreSQL); returns how many. */
	int removeExpiredBuckets() {
		if (!(this.shared instanceof ExpiredEntriesCleaner cleaner)) {
			return 0;
		}
		int removed = 0;
		for (int batch = cleaner.removeExpired(1000); batch > 0; batch = cleaner.removeExpired(1000)) {
			removed += batch;
		}
		return removed;
	}

	Instant nextMidnight() {
		return today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	private long used(Caller caller, BillableAction action, LocalDate day) {
		List<Long> units = this.jdbc.queryForList("select units from daily_quota_use where api_key_id = ? and "
				+ "action = ? and usage_day = ?", Long.class, caller.apiKeyId(), action.name(), java.sql.Date.valueOf(day));
		return units.isEmpty() ? 0 : units.get(0);
	}

	private Bucket rateBucket(Caller caller, Plan plan) {
		long version = Objects.hash(plan.requestsPerSecond(), plan.burst()) & 0x7fffffffL;
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(plan.burst())
				.refillGreedy(plan.requestsPerSecond(), Duration.ofSeconds(1))
				.build())
			.build();
		if (this.shared == null) {
			LocalBucket local = this.local.get(caller.apiKeyId(),
					id -> new LocalBucket(version, Bucket.builder().addLimit(configuration.getBandwidths()[0]).build()));
			if (local.version() != version) {
				local.bucket().replaceConfiguration(configuration, TokensInheritanceStrategy.ADDITIVE);
				this.local.put(caller.apiKeyId(), new LocalBucket(version, local.bucket()));
			}
			return local.bucket();
		}
		return this.shared.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE)
			.build(caller.apiKeyId(), () -> configuration);
	}

	/** A key's bucket in this process, and the version of the plan's rate it was made for. */
	private record LocalBucket(long version, Bucket bucket) {
	}

	/**
	 * Makes today's counter of a key's action if there is none, committed at once: the charge's transaction then
	 * only updates it, where two transactions inserting the same row would fail one of them.
	 */
	private void ensureCounter(long apiKeyId, BillableAction action, LocalDate day) {
		java.sql.Date date = java.sql.Date.valueOf(day);
		insertOnce(List.of(apiKeyId, action, day), "insert into daily_quota_use (api_key_id, action, usage_day, units) "
				+ "select ?, ?, ?, 0 where not exists (select 1 from daily_quota_use where api_key_id = ? and "
				+ "action = ? and usage_day = ?)", apiKeyId, action.name(), date, apiKeyId, action.name(), date);
	}

	/**
	 * Runs an insert-if-absent once per process for a row (by its key) on this pool's own connection. Plain JDBC: a
	 * JdbcTemplate inside the caller's transaction would keep the connection bound to that transaction until it
	 * ended, and with every connection so held, the next caller would wait for one for ever.
	 */
	private void insertOnce(List<Object> row, String sql, Object... parameters) {
		if (this.rows.getIfPresent(row) != null) {
			return;
		}
		try (Connection connection = this.pool.getConnection();
				PreparedStatement insert = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				insert.setObject(i + 1, parameters[i]);
			}
			insert.executeUpdate();
		}
		catch (SQLException ex) {
			// 23505, a unique violation on both databases: another request or replica made it first
			if (!"23505".equals(ex.getSQLState())) {
				throw new IllegalStateException("Could not make row " + row, ex);
			}
		}
		this.rows.put(row, Boolean.TRUE);
	}

	private static long seconds(long nanos) {
		return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
	}

	static String limitName(BillableAction action) {
		return switch (action) {
			case PREDICTION -> "predictionsPerDay";
			case TRAINING_JOB -> "trainingJobsPerDay";
			case UPLOAD -> "uploadsPerDay";
		};
	}

	private static String unitName(BillableAction action) {
		return switch (action) {
			case PREDICTION -> "predictions";
			case TRAINING_JOB -> "training jobs";
			case UPLOAD -> "uploads";
		};
	}

	@Override
	public void destroy() {
		this.pool.close();
	}

	/** What the {@code RateLimit-*} headers of an answer say. */
	record RateState(long limit, long remaining, long resetSeconds) {
	}

}
