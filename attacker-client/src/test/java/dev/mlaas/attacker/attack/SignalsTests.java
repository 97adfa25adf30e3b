package dev.mlaas.attacker.attack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each signal against values computed by hand, including a certain answer (p_y = 1) and zeros. */
class SignalsTests {

	private static final float[] VECTOR = { 0.5f, 0.25f, 0.25f, 0f };

	@Test
	void theMaxPosteriorAndPredictedLabelAreTheLargestEntryAndItsClass() {
		assertThat(Signals.maxPosterior(VECTOR)).isEqualTo(0.5);
		assertThat(Signals.predictedLabel(VECTOR)).isZero();
		assertThat(Signals.predictedLabel(new float[] { 0.2f, 0.4f, 0.4f })).isEqualTo(1);
	}

	@Test
	void entropyIsInNatsWithZeroLogZeroAsZero() {
		// 0.5 ln 2 + 2 x 0.25 ln 4 = 1.5 ln 2
		assertThat(Signals.entropy(VECTOR)).isCloseTo(1.5 * Math.log(2), within(1e-12));
		assertThat(Signals.entropy(new float[] { 1f, 0f, 0f })).isZero();
	}

	@Test
	void standardDeviationIsThePopulationOne() {
		// mean 0.25; deviations 0.25, 0, 0, -0.25: variance 0.125 / 4
		assertThat(Signals.standardDeviation(VECTOR)).isCloseTo(Math.sqrt(0.03125), within(1e-12));
	}

	@Test
	void liraPhiIsTheLogOddsFromTheVectorItself() {
		assertThat(Signals.liraPhi(VECTOR, 1)).isCloseTo(Math.log(0.25 / 0.75), within(1e-12));
		// p_y just below 1: 1 - p_y in float is 0, but the other entries still carry the odds
		float[] confident = { 1e-9f, 1f - 1e-9f, 0f };
		assertThat(Signals.liraPhi(confident, 1)).isCloseTo(Math.log(1 / 1e-9), within(1e-3));
		// exactly certain, and exactly wrong: large but finite
		assertThat(Signals.liraPhi(new float[] { 0f, 1f }, 1)).isCloseTo(-Math.log(1e-45), within(1e-9));
		assertThat(Signals.liraPhi(new float[] { 0f, 1f }, 0)).isCloseTo(Math.log(1e-45), within(1e-9));
		assertThat(Signals.trueLabelConfidence(VECTOR, 2)).isEqualTo(0.25);
	}

}
