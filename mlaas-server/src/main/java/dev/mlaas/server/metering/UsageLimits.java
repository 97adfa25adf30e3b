package dev.mlaas.server.metering;

import java.util.Map;

import dev.mlaas.server.accounts.Caller;

/**
 * A feature's limits on the caller and how much of each is left, shown by {@code GET /usage} under the feature's
 * name; each feature that limits callers provides one.
 */
public interface UsageLimits {

	/** The name the limits are shown under (e.g. {@code training}). */
	String feature();

	/** The limits and what is left of them, for this caller. */
	Map<String, Object> limitsFor(Caller caller);

}
