package dev.mlaas.server.metering;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.common.web.ApiException;

/**
 * The operator's side of plans: the catalog, and which plan an account is on with its credit balance. Authorized by
 * the operator's token ({@code mlaas.admin.token}, compared in constant time), not by an account's key; without a
 * configured token every {@code /admin} call answers 404, as if there were none.
 */
@RestController
@Tag(name = "Operator", description = "Plans and credit balances, for the service's operator (the admin token)")
@SecurityRequirement(name = "adminToken")
class PlanAdminController {

	private final AccountPlans accounts;

	private final PlanProperties plans;

	private final OperatorToken operator;

	PlanAdminController(AccountPlans accounts, PlanProperties plans, OperatorToken operator) {
		this.accounts = accounts;
		this.plans = plans;
		this.operator = operator;
	}

	@Operation(summary = "The plans on offer and the default one")
	@GetMapping("/admin/plans")
	PlanProperties plans(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		authorize(authorization);
		return this.plans;
	}

	@Operation(summary = "Which plan an account is on, and its credit balance")
	@GetMapping("/admin/accounts/{id}/plan")
	AccountPlans.AccountPlan plan(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@PathVariable long id) {
		authorize(authorization);
		return new AccountPlans.AccountPlan(id, this.accounts.planOf(id).name(), this.accounts.creditBalance(id));
	}

	@Operation(summary = "Put an account on a plan, and optionally set its credit balance")
	@PutMapping("/admin/accounts/{id}/plan")
	AccountPlans.AccountPlan assign(
			@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@PathVariable long id, @Valid @RequestBody AssignPlanRequest request) {
		authorize(authorization);
		return this.accounts.assign(id, request.plan(), request.creditBalance());
	}

	private void authorize(String authorization) {
		if (!this.operator.configured()) {
			throw new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no such resource.");
		}
		if (!this.operator.presentedIn(authorization)) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
					"Send the operator's token as 'Authorization: Bearer <token>'.");
		}
	}

	/** A plan to put the account on; a new credit balance, if given. */
	record AssignPlanRequest(@NotBlank String plan, BigDecimal creditBalance) {
	}

}
