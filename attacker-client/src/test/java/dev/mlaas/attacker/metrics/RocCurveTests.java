package dev.mlaas.attacker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTests {

	private static final double EPS = 1e-12;

	@Test
	void perfectSeparationHasAucOne() {
		RocCurve roc = RocCurve.of(new double[] {0.9, 0.8, 0.1, 0.2}, new boolean[] {true, true, false, false});

		assertThat(roc.auc()).isEqualTo(1.0);
		assertThat(roc.tprAtFpr(0.0)).isEqualTo(1.0);
	}

	@Test
	void perfectlyInvertedScoresHaveAucZero() {
		RocCurve roc = RocCurve.of(new double[] {0.1, 0.2, 0.9, 0.8}, new boolean[] {true, true, false, false});

		assertThat(roc.auc()).isEqualTo(0.0);
		assertThat(roc.tprAtFpr(0.49)).isEqualTo(0.0);
	}

	@Test
	void tiedScoresAcrossClassesCountHalfInAuc() {
		RocCurve roc = RocCurve.of(new double[] {0.5, 0.5}, new boolean[] {true, false});

		assertThat(roc.auc()).isEqualTo(0.5);
		assertThat(roc.points()).containsExactly(
				new RocPoint(Double.POSITIVE_INFINITY, 0.0, 0.0),
				new RocPoint(0.5, 1.0, 1.0));
	}

	@Test
	void mixedExampleWithTiesMatchesHandComputedCurveAndAuc() {
		// scores  0.9  0.8  0.8  0.7  0.6  0.6
		// member   T    T    F    F    T    F      (3 members, 3 non-members)
		//
		// Mann-Whitney, per member against the non-members {0.8, 0.7, 0.6}:
		//   0.9 beats all three                 -> 3
		//   0.8 ties 0.8, beats 0.7 and 0.6     -> 0.5 + 2 = 2.5
		//   0.6 loses twice, ties 0.6           -> 0.5
		//   (3 + 2.5 + 0.5) / 9 = 6/9 = 2/3
		// Points (fpr, tpr): (0,0) (0,1/3) (1/3,2/3) (2/3,2/3) (1,1)
		// Trapezoids: 1/3*(1/3+2/3)/2 + 1/3*(2/3) + 1/3*(2/3+1)/2 = 3/18 + 4/18 + 5/18 = 2/3
		RocCurve roc = RocCurve.of(
				new double[] {0.9, 0.8, 0.8, 0.7, 0.6, 0.6},
				new boolean[] {true, true, false, false, true, false});

		assertThat(roc.auc()).isCloseTo(2.0 / 3.0, within(EPS));
		assertThat(roc.points()).extracting(RocPoint::threshold)
				.containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6);
		assertThat(roc.points()).extracting(RocPoint::fpr)
				.containsExactly(0.0, 0.0, 1.0 / 3, 2.0 / 3, 1.0);
		assertThat(roc.points()).extracting(RocPoint::tpr)
				.containsExactly(0.0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0);
	}

	@Test
	void allScoresEqualGiveAucOneHalfAndASingleDiagonalStep() {
		RocCurve roc = RocCurve.of(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new boolean[] {true, false, true, false, false});

		assertThat(roc.auc()).isEqualTo(0.5);
		assertThat(roc.points()).hasSize(2);
		assertThat(roc.tprAtFpr(0.99)).isEqualTo(0.0);
		assertThat(roc.tprAtFpr(1.0)).isEqualTo(1.0);
	}

	@Test
	void onlyMembersGiveNaN() {
		RocCurve roc = RocCurve.of(new double[] {0.1, 0.7}, new boolean[] {true, true});

		assertThat(roc.auc()).isNaN();
		assertThat(roc.tprAtFpr(0.01)).isNaN();
		assertThat(roc.points()).extracting(RocPoint::fpr).allMatch(fpr -> Double.isNaN(fpr));
	}

	@Test
	void onlyNonMembersGiveNaN() {
		RocCurve roc = RocCurve.of(new double[] {0.1, 0.7}, new boolean[] {false, false});

		assertThat(roc.auc()).isNaN();
		assertThat(roc.tprAtFpr(0.01)).isNaN();
	}

	/**
	 * 10 members, 200 non-members (so one non-member is 0.5% FPR):
	 * <pre>
	 * score  members  non-members   point after it (fpr, tpr)
	 *  11       2         0         (0.000, 0.2)
	 *  10.5     0         1         (0.005, 0.2)
	 *  10       3         0         (0.005, 0.5)
	 *   9       0         1         (0.010, 0.5)   exactly on the 1% bound: counts
	 *   8       1         1         (0.015, 0.6)   diagonal tie step across the bound: must not count
	 *   7       0        17         (0.100, 0.6)
	 *   6       4         0         (0.100, 1.0)
	 *   0       0       180         (1.000, 1.0)
	 * </pre>
	 */
	private static RocCurve steppedCurve() {
		double[] scores = new double[210];
		boolean[] members = new boolean[210];
		int k = 0;
		k = fill(scores, members, k, 11.0, true, 2);
		k = fill(scores, members, k, 10.5, false, 1);
		k = fill(scores, members, k, 10.0, true, 3);
		k = fill(scores, members, k, 9.0, false, 1);
		k = fill(scores, members, k, 8.0, true, 1);
		k = fill(scores, members, k, 8.0, false, 1);
		k = fill(scores, members, k, 7.0, false, 17);
		k = fill(scores, members, k, 6.0, true, 4);
		k = fill(scores, members, k, 0.0, false, 180);
		assertThat(k).isEqualTo(210);
		return RocCurve.of(scores, members);
	}

	private static int fill(double[] scores, boolean[] members, int from, double score, boolean member, int count) {
		for (int i = 0; i < count; i++) {
			scores[from + i] = score;
			members[from + i] = member;
		}
		return from + count;
	}

	@Test
	void tprAtFprTakesTheLargestTprAmongPointsWithinTheBound() {
		RocCurve roc = steppedCurve();

		assertThat(roc.points()).hasSize(9);
		assertThat(roc.tprAtFpr(0.0)).isEqualTo(0.2);
		assertThat(roc.tprAtFpr(0.001)).isEqualTo(0.2);
		assertThat(roc.tprAtFpr(0.005)).isEqualTo(0.5);
		assertThat(roc.tprAtFpr(0.01)).isEqualTo(0.5);
		assertThat(roc.tprAtFpr(0.1)).isEqualTo(1.0);
		assertThat(roc.tprAtFpr(1.0)).isEqualTo(1.0);
	}

	@Test
	void tieStepThatEndsPastTheBoundDoesNotCount() {
		RocCurve roc = steppedCurve();

		// the step (0.010, 0.5) -> (0.015, 0.6) is not interpolated
		assertThat(roc.tprAtFpr(0.0149)).isEqualTo(0.5);
		assertThat(roc.tprAtFpr(0.015)).isEqualTo(0.6);
	}

	@Test
	void steppedCurveAucMatchesHandComputedValue() {
		// Mann-Whitney: 2*200 + 3*199 + (197 + 0.5) + 4*180 = 1914.5 over 10*200 pairs
		// Trapezoids: .005*.2 + .005*.5 + .005*.55 + .085*.6 + .9*1 = 0.95725
		assertThat(steppedCurve().auc()).isCloseTo(0.95725, within(EPS));
	}

	@Test
	void aucEqualsBruteForceMannWhitneyOnRandomTiedScores() {
		Random random = new Random(42);
		int n = 1_500;
		double[] scores = new double[n];
		boolean[] members = new boolean[n];
		for (int i = 0; i < n; i++) {
			members[i] = random.nextBoolean();
			// few distinct values so that ties across classes are frequent
			scores[i] = Math.round((random.nextGaussian() + (members[i] ? 0.5 : 0.0)) * 4) / 4.0;
		}
		double wins = 0;
		long pairs = 0;
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				if (members[i] && !members[j]) {
					pairs++;
					wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
				}
			}
		}

		assertThat(RocCurve.of(scores, members).auc()).isCloseTo(wins / pairs, within(1e-12));
	}

	@Test
	void negativeAndPositiveZeroAreTheSameScore() {
		RocCurve roc = RocCurve.of(new double[] {-0.0, 0.0}, new boolean[] {true, false});

		assertThat(roc.auc()).isEqualTo(0.5);
		assertThat(roc.points()).hasSize(2);
	}

	@Test
	void aLargeRandomScoringHasAucNearOneHalfAndEndsAtOneOne() {
		Random random = new Random(7);
		int n = 100_000;
		double[] scores = new double[n];
		boolean[] members = new boolean[n];
		for (int i = 0; i < n; i++) {
			members[i] = i % 2 == 0;
			scores[i] = random.nextDouble();
		}

		RocCurve roc = RocCurve.of(scores, members);

		RocPoint last = roc.points().get(roc.points().size() - 1);
		assertThat(last.fpr()).isEqualTo(1.0);
		assertThat(last.tpr()).isEqualTo(1.0);
		assertThat(roc.auc()).isCloseTo(0.5, within(0.01));
	}

	@Test
	void rejectsMismatchedLengths() {
		assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("same length");
	}

	@Test
	void rejectsEmptyInput() {
		assertThatThrownBy(() -> RocCurve.of(new double[0], new boolean[0]))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("at least one");
	}

	@Test
	void rejectsNonFiniteScores() {
		assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, Double.NaN}, new boolean[] {true, false}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("scores[1] = NaN");
		assertThatThrownBy(() -> RocCurve.of(new double[] {Double.NEGATIVE_INFINITY}, new boolean[] {true}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("finite");
	}

	@Test
	void rejectsFprBoundOutsideUnitInterval() {
		RocCurve roc = RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, false});

		assertThatThrownBy(() -> roc.tprAtFpr(-0.01)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> roc.tprAtFpr(1.5)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> roc.tprAtFpr(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void pointsAreUnmodifiable() {
		RocCurve roc = RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, false});

		assertThatThrownBy(() -> roc.points().clear()).isInstanceOf(UnsupportedOperationException.class);
	}
}
