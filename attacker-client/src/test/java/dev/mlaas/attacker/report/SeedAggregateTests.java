package dev.mlaas.attacker.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A spread over seeds is the values' mean and sample standard deviation, computed by hand here. */
class SeedAggregateTests {

	@Test
	void theSpreadIsTheMeanAndTheSampleStandardDeviation() {
		SeedAggregate.Spread spread = SeedAggregate.Spread.of(List.of(0.177, 0.173, 0.044, 0.107, 0.134));
		// mean 0.127; squared deviations 0.0025 + 0.002116 + 0.006889 + 0.0004 + 0.000049 = 0.011954, over 4
		assertThat(spread.mean()).isCloseTo(0.127, within(1e-12));
		assertThat(spread.std()).isCloseTo(Math.sqrt(0.011954 / 4), within(1e-9));
		assertThat(spread.min()).isEqualTo(0.044);
		assertThat(spread.max()).isEqualTo(0.177);
		assertThat(spread).hasToString("0.127 ± 0.055");
		assertThat(SeedAggregate.Spread.of(List.of(0.5)).std()).isZero();
	}

}
