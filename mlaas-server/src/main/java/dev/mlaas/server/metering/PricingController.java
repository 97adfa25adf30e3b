package dev.mlaas.server.metering;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /pricing}: what each billable unit costs, for anyone to read before spending (no key needed), so that
 * a client can price a plan before it runs it.
 */
@RestController
@Tag(name = "Metering", description = "Prices and the ledger: what each key and account was charged")
class PricingController {

	private final PricingProperties pricing;

	PricingController(PricingProperties pricing) {
		this.pricing = pricing;
	}

	@Operation(summary = "Credits per billable unit: a query (one instance sent to /predict), a training job, an upload")
	// no key: prices are public
	@SecurityRequirements
	@GetMapping("/pricing")
	Prices pricing() {
		return new Prices(this.pricing.prediction(), this.pricing.trainingJob(), this.pricing.upload(), "credits");
	}

	/** Credits per query, per training job and per upload. */
	record Prices(BigDecimal query, BigDecimal trainingJob, BigDecimal upload, String unit) {
	}

}
