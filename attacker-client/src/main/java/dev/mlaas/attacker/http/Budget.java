package dev.mlaas.attacker.http;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Limits a client never goes past: queries, training jobs and credits (priced with the service's published prices).
 * A null limit is no limit.
 */
public record Budget(Long maxQueries, Long maxJobs, BigDecimal maxCredits, Api.Prices prices) {

	public static final Budget NONE = new Budget(null, null, null, null);

	public Budget {
		if (maxCredits != null && prices == null) {
			throw new IllegalArgumentException("a credit limit needs the service's prices");
		}
	}

	/** What {@code uploads}, {@code jobs} and {@code queries} cost at the service's prices, or null without them. */
	public BigDecimal credits(long uploads, long jobs, long queries) {
		if (this.prices == null) {
			return null;
		}
		return this.prices.upload().multiply(BigDecimal.valueOf(uploads))
			.add(this.prices.trainingJob().multiply(BigDecimal.valueOf(jobs)))
			.add(this.prices.query().multiply(BigDecimal.valueOf(queries)));
	}

	/** Which limits spending this much in all would pass, in words; empty when it stays within every one. */
	public Optional<String> exceededBy(long uploads, long jobs, long queries) {
		List<String> over = new ArrayList<>();
		if (this.maxQueries != null && queries > this.maxQueries) {
			over.add(queries + " queries > --max-queries " + this.maxQueries);
		}
		if (this.maxJobs != null && jobs > this.maxJobs) {
			over.add(jobs + " training jobs > --max-jobs " + this.maxJobs);
		}
		BigDecimal credits = credits(uploads, jobs, queries);
		if (this.maxCredits != null && credits.compareTo(this.maxCredits) > 0) {
			over.add(credits.stripTrailingZeros().toPlainString() + " credits > --max-credits "
					+ this.maxCredits.stripTrailingZeros().toPlainString());
		}
		return over.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", over));
	}

}
