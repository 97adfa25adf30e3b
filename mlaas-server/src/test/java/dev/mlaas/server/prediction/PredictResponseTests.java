package dev.mlaas.server.prediction;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.mlaas.server.models.OutputPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/** What each output policy leaves of a posterior vector, computed by hand. */
class PredictResponseTests {

	@Test
	void theLargestComeFirstAndOfEqualValuesTheLowerClass() {
		float[] posteriors = { 0.1f, 0.3f, 0.05f, 0.3f, 0.25f };
		assertThat(PredictResponse.largest(posteriors, 3)).containsExactly(1, 3, 4);
		assertThat(PredictResponse.largest(posteriors, 1)).containsExactly(1);
		assertThat(PredictResponse.largest(posteriors, 5)).containsExactly(1, 3, 4, 0, 2);
		assertThat(PredictResponse.largest(new float[] { 0.2f, 0.2f, 0.6f }, 2)).containsExactly(2, 0);
	}

	@Test
	void roundingRoundsTheFloatsOwnValueHalfEven() {
		// 0.125 and 0.375 are exact in binary: halves go to the even neighbour
		assertThat(PredictResponse.decimal(0.125f, 2)).isEqualTo("0.12");
		assertThat(PredictResponse.decimal(0.375f, 2)).isEqualTo("0.38");
		// 0.015f is a little below 0.015
		assertThat(PredictResponse.decimal(0.015f, 2)).isEqualTo("0.01");
		assertThat(PredictResponse.decimal(1f, 3)).isEqualTo("1.000");
		assertThat(PredictResponse.decimal(0.9999999f, 0)).isEqualTo("1");
	}

	@Test
	void eachPolicyLeavesWhatItSays() {
		float[][] posteriors = { { 0.7f, 0.2f, 0.1f }, { 0.05f, 0.15f, 0.8f } };
		PredictResponse labels = PredictResponse.of(1, new OutputPolicy("label-only", null, null), posteriors, 2,
				BigDecimal.ONE, "c");
		assertThat(labels.labels()).containsExactly(0, 2);
		assertThat(labels.predictions()).isNull();
		PredictResponse top = PredictResponse.of(1, new OutputPolicy("top-k", 2, null), posteriors, 2,
				BigDecimal.ONE, "c");
		assertThat(top.classes()).isDeepEqualTo(new int[][] { { 0, 1 }, { 2, 1 } });
		assertThat(top.predictions()).isDeepEqualTo(new float[][] { { 0.7f, 0.2f }, { 0.8f, 0.15f } });
		PredictResponse rounded = PredictResponse.of(1, new OutputPolicy("rounding", null, 1), posteriors, 2,
				BigDecimal.ONE, "c");
		assertThat(rounded.predictions()).isDeepEqualTo(new float[][] { { 0.7f, 0.2f, 0.1f }, { 0.1f, 0.2f, 0.8f } });
	}

}
