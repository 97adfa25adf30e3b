package dev.mlaas.attacker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MembershipMetricsTests {

	private static final double EPS = 1e-12;

	@Test
	void evaluateCombinesHardDecisionsAndScores() {
		// scores    0.9  0.8  0.8  0.7  0.6  0.6
		// member     T    T    F    F    T    F
		// predicted  T    T    T    F    F    F   (threshold 0.8)
		// -> TP 2, FP 1, TN 2, FN 1: precision 2/3, recall 2/3, accuracy 4/6, FPR 1/3, advantage 1/3
		// AUC 2/3 (worked out in RocCurveTests.mixedExampleWithTiesMatchesHandComputedCurveAndAuc).
		// With 3 non-members any FPR bound below 1/3 allows only fpr 0: best tpr there is 1/3 (score 0.9).
		MembershipMetrics metrics = MembershipMetrics.evaluate(
				new double[] {0.9, 0.8, 0.8, 0.7, 0.6, 0.6},
				new boolean[] {true, true, true, false, false, false},
				new boolean[] {true, true, false, false, true, false});

		assertThat(metrics.confusion()).isEqualTo(new ConfusionMatrix(2, 1, 2, 1));
		assertThat(metrics.precision()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(metrics.recall()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(metrics.accuracy()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(metrics.advantage()).isCloseTo(1.0 / 3, within(EPS));
		assertThat(metrics.auc()).isCloseTo(2.0 / 3, within(EPS));
		assertThat(metrics.tprAt1PercentFpr()).isCloseTo(1.0 / 3, within(EPS));
		assertThat(metrics.tprAt01PercentFpr()).isCloseTo(1.0 / 3, within(EPS));
	}

	@Test
	void lowFprMetricsUseOnePercentAndOneTenthPercent() {
		// 1 member at 3, 2 non-members at 2, 1 member at 1, 998 non-members at 0 (1000 non-members):
		// points (0, .5) (.002, .5) (.002, 1) (1, 1) -> TPR 1.0 at 1% FPR but only 0.5 at 0.1%
		double[] scores = new double[1002];
		boolean[] member = new boolean[1002];
		scores[0] = 3;
		member[0] = true;
		scores[1] = 2;
		scores[2] = 2;
		scores[3] = 1;
		member[3] = true;

		MembershipMetrics metrics = MembershipMetrics.evaluate(scores, new boolean[1002], member);

		assertThat(metrics.tprAt1PercentFpr()).isEqualTo(1.0);
		assertThat(metrics.tprAt01PercentFpr()).isEqualTo(0.5);
		// pairs won: 1000 + 998 of 2000
		assertThat(metrics.auc()).isCloseTo(0.999, within(EPS));
		assertThat(metrics.precision()).isEqualTo(0.0);
	}

	@Test
	void fromAcceptsAPrebuiltCurve() {
		boolean[] member = {true, false};
		RocCurve roc = RocCurve.of(new double[] {0.5, 0.5}, member);

		MembershipMetrics metrics = MembershipMetrics.from(roc, ConfusionMatrix.of(member, member));

		assertThat(metrics.auc()).isEqualTo(0.5);
		assertThat(metrics.advantage()).isEqualTo(1.0);
	}

	@Test
	void rejectsPredictionsOfADifferentLength() {
		assertThatThrownBy(() -> MembershipMetrics.evaluate(
						new double[] {0.1, 0.2}, new boolean[] {true}, new boolean[] {true, false}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("same length");
	}
}
