package dev.mlaas.attacker.attack;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each shadow-free or threshold attack on small hand-made observations whose answer is known. */
class AttackScoringTests {

	/** Three candidates of a 3-class task: confident and right, unsure and right, confident and wrong. */
	private static final float[][] TARGET = { { 0.9f, 0.05f, 0.05f }, { 0.4f, 0.3f, 0.3f }, { 0.1f, 0.8f, 0.1f } };

	private static final LabeledData CANDIDATES = new LabeledData(
			new float[][] { { 1, 0 }, { 0, 1 }, { 1, 1 } }, new int[] { 0, 0, 0 }, new int[] { 2 });

	@Test
	void yeomCallsAMemberEveryRecordWhoseLabelTheTargetGetsRight() {
		AttackOutcome outcome = new YeomBaseline().attack(observations(null, FeatureDomain.BINARY, null));
		assertThat(outcome.scores()).containsExactly(1, 1, 0);
		assertThat(outcome.decisions()).containsExactly(true, true, false);
	}

	@Test
	void lossThresholdTakesTheThresholdThatSplitsTheShadowBestAndScoresTheTrueLabelsConfidence() {
		// the shadow's members get 0.9 and 0.8 on their labels, its non-members 0.3 and 0.85
		Observations.Shadow shadow = new Observations.Shadow(
				new LabeledData(new float[][] { { 0, 0 }, { 0, 1 } }, new int[] { 0, 1 }, new int[] { 2 }),
				new LabeledData(new float[][] { { 1, 0 }, { 1, 1 } }, new int[] { 0, 1 }, new int[] { 2 }),
				new float[][] { { 0.9f, 0.05f, 0.05f }, { 0.1f, 0.8f, 0.1f } },
				new float[][] { { 0.3f, 0.4f, 0.3f }, { 0.05f, 0.85f, 0.1f } }, null);
		AttackOutcome outcome = new LossThreshold().attack(observations(shadow, FeatureDomain.BINARY, null));
		// "member when > 0.3": 3 of the 4 shadow records right, the most any threshold gets
		assertThat((double) outcome.details().get("threshold")).isCloseTo(0.3, within(1e-7));
		assertThat((double) outcome.details().get("shadowAccuracy")).isEqualTo(0.75);
		assertThat(outcome.scores()[0]).isCloseTo(0.9, within(1e-7));
		assertThat(outcome.decisions()).containsExactly(true, true, false);
		// class 0's own threshold is 0.3 too (0.9 against 0.3); candidates are all of class 0
		assertThat(outcome.otherScores().get("per-class-threshold")[1]).isCloseTo(0.1, within(1e-7));
	}

	@Test
	void adversaryThreeScoresTheMaxPosteriorAndThresholdsItAtTheRandomPointsTopDecile() {
		// an oracle whose confidence on a random point is 0.5 + (its first bit) x 0.45 + (its second) x 0.05
		TargetModel oracle = oracle(point -> 0.5f + 0.45f * point[0] + 0.05f * point[1]);
		AttackOutcome outcome = new MlLeaksAdversary3(1000, 10, 7)
			.attack(observations(null, FeatureDomain.BINARY, oracle));
		assertThat(outcome.scores()).containsExactly(0.9f, 0.4f, 0.8f);
		// a quarter of the points have both bits set (1.0): the top decile's threshold is 1.0
		assertThat((double) outcome.details().get("threshold")).isEqualTo(1.0);
		assertThat(outcome.decisions()).containsExactly(false, false, false);
		assertThat(outcome.otherScores().get("negative-entropy")[0])
			.isCloseTo(-Signals.entropy(TARGET[0]), within(1e-12));
	}

	@Test
	void adversaryThreeHasNoThresholdWhereTheDomainIsUnknownAndAsksNothingMore() {
		TargetModel never = oracle(point -> {
			throw new AssertionError("no random point may be queried");
		});
		AttackOutcome outcome = new MlLeaksAdversary3(1000, 10, 7)
			.attack(observations(null, FeatureDomain.UNKNOWN, never));
		assertThat(outcome.decisions()).isNull();
		assertThat(outcome.details().get("threshold").toString()).startsWith("not applicable");
		assertThat(outcome.scores()).hasSize(3);
	}

	@Test
	void theMostAccurateThresholdNeverSplitsEqualScores() {
		assertThat(Thresholds.mostAccurate(new double[] { 0.5, 0.9 }, new double[] { 0.5, 0.1 })).isEqualTo(0.1);
		assertThat(Thresholds.mostAccurate(new double[] { 0.9 }, new double[] { 0.1 })).isEqualTo(0.1);
		// members below non-members: calling everyone a member is as good as anything
		assertThat(Thresholds.mostAccurate(new double[] { 0.1 }, new double[] { 0.9 }))
			.isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(Thresholds.quantile(new double[] { 4, 1, 3, 2, 5, 6, 7, 8, 9, 10 }, 0.9)).isEqualTo(9);
	}

	@Test
	void attacksAreChosenByIdAndAnUnknownOneIsNamed() {
		AttackSettings settings = AttackSettings.DEFAULT;
		assertThat(settings.attacks(List.of("all"), 0, 0, 4)).extracting(MembershipAttack::id)
			.containsExactly("ml-leaks-1", "ml-leaks-3", "ml-leaks-combining", "shokri", "yeom",
					"label-only-robustness", "loss-threshold", "lira-online", "lira-offline", "rmia");
		assertThat(settings.attacks(List.of("yeom", "ml-leaks-1", "yeom"), 0, 0, 4))
			.extracting(MembershipAttack::id)
			.containsExactly("ml-leaks-1", "yeom");
		assertThatThrownBy(() -> settings.attacks(List.of("lira"), 0, 0, 4))
			.hasMessageContaining("unknown attack 'lira'")
			.hasMessageContaining("ml-leaks-1, ml-leaks-2, ml-leaks-3, ml-leaks-combining, shokri, yeom, "
					+ "label-only-robustness, loss-threshold, lira-online, lira-offline, rmia");
	}

	private static Observations observations(Observations.Shadow shadow, FeatureDomain domain, TargetModel target) {
		return new Observations(CANDIDATES, TARGET, shadow, target, domain, Map.of());
	}

	private static TargetModel oracle(java.util.function.Function<float[], Float> confidence) {
		return new TargetModel() {

			@Override
			public float[][] query(float[][] instances) {
				float[][] answers = new float[instances.length][];
				for (int i = 0; i < instances.length; i++) {
					float top = confidence.apply(instances[i]);
					answers[i] = new float[] { top, 1 - top };
				}
				return answers;
			}

			@Override
			public int batchSize() {
				return 100;
			}

		};
	}

}
