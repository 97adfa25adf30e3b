package dev.mlaas.server.metering;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.InvalidRequestException;

/**
 * The caller's usage: totals and a page of ledger rows, for the calling API key by default or for the whole account
 * with {@code scope=account}. Never another account's.
 */
@RestController
@Tag(name = "Metering", description = "Prices and the ledger: what each key and account was charged")
class UsageController {

	private final JdbcTemplate jdbc;

	private final List<UsageLimits> limits;

	UsageController(JdbcTemplate jdbc, List<UsageLimits> limits) {
		this.jdbc = jdbc;
		this.limits = limits;
	}

	@Operation(summary = "Totals, the caller's limits with what is left, and a page of ledger rows for the calling key or its whole account")
	@GetMapping("/usage")
	UsageResponse usage(Caller caller, @RequestParam(defaultValue = "key") String scope,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
		boolean wholeAccount = switch (scope) {
			case "key" -> false;
			case "account" -> true;
			default -> throw new InvalidRequestException("invalid-request", "Invalid request",
					"scope must be 'key' or 'account'.");
		};
		String column = wholeAccount ? "account_id" : "api_key_id";
		long owner = wholeAccount ? caller.accountId() : caller.apiKeyId();
		Totals totals = new Totals(0, 0, 0, BigDecimal.ZERO);
		for (var row : this.jdbc.queryForList("select action, sum(units) as n, sum(units * unit_credits) as credits "
				+ "from ledger_request where " + column + " = ? group by action", owner)) {
			totals = totals.add(BillableAction.valueOf((String) row.get("action")), ((Number) row.get("n")).longValue(),
					new BigDecimal(row.get("credits").toString()));
		}
		List<LedgerRow> rows = page(column, owner, (long) page * size, size);
		long totalRows = totals.queries() + totals.trainingJobs() + totals.uploads();
		java.util.Map<String, Object> limits = new java.util.TreeMap<>();
		this.limits.forEach(feature -> limits.put(feature.feature(), feature.limitsFor(caller)));
		return new UsageResponse(scope, caller.apiKeyId(), totals, limits, page, size, totalRows, rows);
	}

	/**
	 * Rows {@code skip} to {@code skip + size} of the owner's lines, newest first. Walks the owner's requests
	 * newest first (by index, a thousand at a time), skipping whole requests by their unit counts, and numbers the
	 * lines of the requests the page covers.
	 */
	private List<LedgerRow> page(String column, long owner, long skip, int size) {
		List<LedgerRow> rows = new ArrayList<>(size);
		long remainingSkip = skip;
		long before = Long.MAX_VALUE;
		while (rows.size() < size) {
			List<Request> requests = this.jdbc.query("select id, api_key_id, action, resource_id, request_id, units, "
					+ "unit_credits, created_at from ledger_request where " + column
					+ " = ? and id < ? order by id desc limit 1000",
					(rs, i) -> new Request(rs.getLong("id"), rs.getLong("api_key_id"), rs.getString("action"),
							rs.getLong("resource_id"), rs.getString("request_id"), rs.getInt("units"),
							rs.getBigDecimal("unit_credits"), rs.getTimestamp("created_at").toInstant()),
					owner, before);
			if (requests.isEmpty()) {
				break;
			}
			for (Request request : requests) {
				if (remainingSkip >= request.units()) {
					remainingSkip -= request.units();
					continue;
				}
				long first = request.id() * Ledger.MAX_UNITS;
				long last = first + request.units() - 1 - remainingSkip;
				remainingSkip = 0;
				for (long line = last; line >= first && rows.size() < size; line--) {
					rows.add(new LedgerRow(line, request.apiKeyId(), request.action(), request.resourceId(),
							request.requestId(), request.unitCredits(), request.createdAt()));
				}
				if (rows.size() == size) {
					break;
				}
			}
			before = requests.get(requests.size() - 1).id();
		}
		return rows;
	}

	private record Request(long id, long apiKeyId, String action, long resourceId, String requestId, int units,
			BigDecimal unitCredits, Instant createdAt) {
	}

	record UsageResponse(String scope, long apiKeyId, Totals totals, java.util.Map<String, Object> limits, int page,
			int size, long totalRows, List<LedgerRow> rows) {
	}

	record Totals(long queries, long trainingJobs, long uploads, BigDecimal credits) {

		Totals add(BillableAction action, long count, BigDecimal cost) {
			return new Totals(this.queries + (action == BillableAction.PREDICTION ? count : 0),
					this.trainingJobs + (action == BillableAction.TRAINING_JOB ? count : 0),
					this.uploads + (action == BillableAction.UPLOAD ? count : 0), this.credits.add(cost));
		}

	}

	record LedgerRow(long id, long apiKeyId, String action, long resourceId, String requestId, BigDecimal credits,
			Instant createdAt) {
	}

}
