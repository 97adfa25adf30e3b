package dev.mlaas.attacker.http;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The wire shapes of the service's public API that this client reads. */
public final class Api {

	private Api() {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record NewKey(long accountId, long keyId, String prefix, String apiKey) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Dataset(long id, String name, int records, int features, int classes, String recordShape) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Job(long id, String status, Progress progress, Long modelId, Double trainingAccuracy, String error,
			java.time.Instant startedAt, java.time.Instant finishedAt) {

		/** Seconds from the worker's start to the stored model (queueing excluded), or null while unfinished. */
		public Double trainingSeconds() {
			return (this.startedAt != null && this.finishedAt != null)
					? java.time.Duration.between(this.startedAt, this.finishedAt).toMillis() / 1000.0 : null;
		}

		public boolean finished() {
			return "SUCCEEDED".equals(this.status) || "FAILED".equals(this.status) || "CANCELLED".equals(this.status);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Progress(int epoch, int epochs) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Model(long id, boolean owned, boolean published, int features, int classes, String recordShape,
			Map<String, Object> outputPolicy, String architecture, Map<String, Object> recipe,
			Double trainingAccuracy) {

		/** The output policy as {@code Mlaas-Output-Policy} writes it: full, top-k:K, rounding:D or label-only. */
		public String outputPolicySpec() {
			if (this.outputPolicy == null) {
				return "full";
			}
			Object type = this.outputPolicy.get("type");
			return ("top-k".equals(type)) ? "top-k:" + this.outputPolicy.get("k")
					: ("rounding".equals(type)) ? "rounding:" + this.outputPolicy.get("decimals") : String.valueOf(type);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Usage(String scope, long apiKeyId, Totals totals, long totalRows, List<Map<String, Object>> rows) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Totals(long queries, long trainingJobs, long uploads, BigDecimal credits) {
	}

	/** The service's {@code /actuator/info}, of which the client reads what the service computes on. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ServerInfo(Map<String, Object> compute) {
	}

	/** The service's prices: credits per query, per training job and per upload. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Prices(BigDecimal query, BigDecimal trainingJob, BigDecimal upload) {
	}

}
