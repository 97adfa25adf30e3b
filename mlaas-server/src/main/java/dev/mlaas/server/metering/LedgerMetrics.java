package dev.mlaas.server.metering;

import java.math.BigDecimal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What this replica charged, for Prometheus: units ({@code mlaas.charged.units{action}}: queries, training jobs,
 * uploads) and credits ({@code mlaas.charged.credits{action}}), counted when a charge commits. Summed over replicas
 * they are the ledger's totals since the replicas started; the ledger itself stays the record.
 */
@Component
class LedgerMetrics {

	private final MeterRegistry registry;

	LedgerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void charged(BillableAction action, int units, BigDecimal credits) {
		String tag = action.name().toLowerCase(java.util.Locale.ROOT);
		Counter.builder("mlaas.charged.units").tag("action", tag).description("Billed units charged")
			.register(this.registry).increment(units);
		Counter.builder("mlaas.charged.credits").tag("action", tag).description("Credits charged")
			.register(this.registry).increment(credits.doubleValue());
	}

}
