package dev.mlaas.attacker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTests {

	private static final double EPS = 1e-12;

	// predicted  T T T F F F F F
	// member     T T F T F F F F
	// -> TP 2 (idx 0,1), FP 1 (idx 2), FN 1 (idx 3), TN 4 (idx 4..7)
	private static final boolean[] PREDICTED = {true, true, true, false, false, false, false, false};
	private static final boolean[] MEMBER = {true, true, false, true, false, false, false, false};

	@Test
	void countsEachCellByHand() {
		assertThat(ConfusionMatrix.of(PREDICTED, MEMBER)).isEqualTo(new ConfusionMatrix(2, 1, 4, 1));
	}

	@Test
	void ratesMatchHandComputedValues() {
		ConfusionMatrix cm = ConfusionMatrix.of(PREDICTED, MEMBER);

		assertThat(cm.precision()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(cm.recall()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(cm.accuracy()).isEqualTo(0.75);
		assertThat(cm.falsePositiveRate()).isEqualTo(0.2);
	}

	@Test
	void advantageIsTprMinusFpr() {
		// 2/3 - 1/5 = 7/15
		assertThat(ConfusionMatrix.of(PREDICTED, MEMBER).advantage()).isCloseTo(7.0 / 15, within(EPS));
	}

	@Test
	void perfectAttackHasAdvantageOneAndAlwaysMemberHasAdvantageZero() {
		boolean[] member = {true, false, true, false};

		assertThat(ConfusionMatrix.of(member, member).advantage()).isEqualTo(1.0);
		assertThat(ConfusionMatrix.of(new boolean[] {true, true, true, true}, member).advantage()).isEqualTo(0.0);
	}

	@Test
	void precisionIsZeroWhenNothingIsPredictedMember() {
		ConfusionMatrix cm = ConfusionMatrix.of(new boolean[] {false, false, false}, new boolean[] {true, false, true});

		assertThat(cm.precision()).isEqualTo(0.0);
		assertThat(cm.recall()).isEqualTo(0.0);
		assertThat(cm.accuracy()).isCloseTo(1.0 / 3, within(EPS));
		assertThat(cm.advantage()).isEqualTo(0.0);
	}

	@Test
	void recallAndFalsePositiveRateAreNaNWithoutTheirClass() {
		ConfusionMatrix noMembers = ConfusionMatrix.of(new boolean[] {true, false}, new boolean[] {false, false});
		ConfusionMatrix noNonMembers = ConfusionMatrix.of(new boolean[] {true, false}, new boolean[] {true, true});

		assertThat(noMembers.recall()).isNaN();
		assertThat(noMembers.falsePositiveRate()).isEqualTo(0.5);
		assertThat(noMembers.advantage()).isNaN();
		assertThat(noNonMembers.recall()).isEqualTo(0.5);
		assertThat(noNonMembers.falsePositiveRate()).isNaN();
	}

	@Test
	void rejectsMismatchedLengths() {
		assertThatThrownBy(() -> ConfusionMatrix.of(new boolean[] {true}, new boolean[] {true, false}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("same length");
	}

	@Test
	void rejectsEmptyInput() {
		assertThatThrownBy(() -> ConfusionMatrix.of(new boolean[0], new boolean[0]))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("at least one");
	}

	@Test
	void rejectsNegativeCounts() {
		assertThatThrownBy(() -> new ConfusionMatrix(1, -1, 0, 0))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("fp=-1");
	}
}
