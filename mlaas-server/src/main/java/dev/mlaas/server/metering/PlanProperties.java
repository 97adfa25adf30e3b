package dev.mlaas.server.metering;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The plans on offer ({@code mlaas.plans.catalog.<name>.*}) and the one a new account gets. */
@ConfigurationProperties("mlaas.plans")
public record PlanProperties(String defaultPlan, Map<String, Plan> catalog) {

	public PlanProperties {
		catalog = (catalog != null) ? Map.copyOf(catalog) : Map.of();
		if (defaultPlan == null || !catalog.containsKey(defaultPlan)) {
			throw new IllegalArgumentException("mlaas.plans.default-plan must name a plan of mlaas.plans.catalog "
					+ catalog.keySet() + ", not " + defaultPlan);
		}
	}

}
