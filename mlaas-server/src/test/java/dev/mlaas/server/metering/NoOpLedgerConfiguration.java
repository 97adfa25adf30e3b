package dev.mlaas.server.metering;

import java.math.BigDecimal;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.accounts.Caller;

/**
 * Benchmarks only: replaces the ledger with one that writes nothing, to measure what metering costs on the predict
 * path. Lives in test sources so that no production build can contain it, and is deliberately not a
 * {@code @Configuration}: component scanning must never find it, only a benchmark that names it as a source.
 */
public class NoOpLedgerConfiguration {

	@Bean
	Ledger ledger(JdbcTemplate jdbc, PricingProperties pricing, Quotas quotas, LedgerMetrics metrics,
			AccountPlans plans, Clock clock) {
		return new Ledger(jdbc, pricing, quotas, metrics, plans, clock) {
			@Override
			public Charge charge(Caller caller, BillableAction action, long resourceId, int units) {
				return new Charge("no-op", units, BigDecimal.ZERO, clock.instant());
			}
		};
	}

}
