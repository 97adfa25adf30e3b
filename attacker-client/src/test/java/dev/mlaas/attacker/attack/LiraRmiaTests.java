package dev.mlaas.attacker.attack;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LiRA's Gaussian likelihoods and RMIA's counts on hand-made reference answers, against hand-computed values. */
class LiraRmiaTests {

	/** Two candidates of class 0 in a binary task. */
	private static final LabeledData CANDIDATES = new LabeledData(new float[][] { { 0 }, { 1 } }, new int[] { 0, 0 },
			new int[] { 1 });

	/** A binary posterior whose phi (log odds of class 0) is {@code phi} within float rounding. */
	private static float[] withPhi(double phi) {
		float p = (float) (1 / (1 + Math.exp(-phi)));
		return new float[] { p, 1 - p };
	}

	private static double phiOf(double phi) {
		return Signals.liraPhi(withPhi(phi), 0);
	}

	@Test
	void onlineLiraIsTheLogLikelihoodRatioOfTheTargetsPhiUnderTheInAndOutGaussians() {
		// candidate 0: in-models phi 2 and 4, out-models 0 and -2; the target's phi 3
		boolean[][] in = { { true, false }, { true, false }, { false, true }, { false, true } };
		float[][][] answers = { { withPhi(2), withPhi(0) }, { withPhi(4), withPhi(0) }, { withPhi(0), withPhi(1) },
				{ withPhi(-2), withPhi(1) } };
		Observations observations = observations(true, in, answers, new float[][] { withPhi(3), withPhi(0) });

		AttackOutcome outcome = new Lira(true, 4).attack(observations);

		double inMean = (phiOf(2) + phiOf(4)) / 2;
		double inSd = Math.abs(phiOf(4) - phiOf(2)) / Math.sqrt(2);
		double outMean = (phiOf(0) + phiOf(-2)) / 2;
		double outSd = Math.abs(phiOf(0) - phiOf(-2)) / Math.sqrt(2);
		double x = phiOf(3);
		double expected = (-0.5 * Math.pow((x - inMean) / inSd, 2) - Math.log(inSd))
				- (-0.5 * Math.pow((x - outMean) / outSd, 2) - Math.log(outSd));
		assertThat(outcome.scores()[0]).isCloseTo(expected, within(1e-9));
		assertThat(outcome.decisions()[0]).isTrue();
	}

	@Test
	void offlineLiraIsTheTargetsZAgainstTheOutGaussianWithMembersAbove1645() {
		boolean[][] in = new boolean[3][2];
		float[][][] answers = { { withPhi(1), withPhi(1) }, { withPhi(2), withPhi(2) }, { withPhi(3), withPhi(3) } };
		// out mean 2, sd 1: target phi 4 is z = 2 (member at 5%), phi 3 is z = 1 (not)
		Observations observations = observations(false, in, answers, new float[][] { withPhi(4), withPhi(3) });

		AttackOutcome outcome = new Lira(false, 3).attack(observations);

		assertThat(outcome.scores()[0]).isCloseTo(2, within(1e-5));
		assertThat(outcome.scores()[1]).isCloseTo(1, within(1e-5));
		assertThat(outcome.decisions()).containsExactly(true, false);
		// one variance for everyone: both candidates' out-values deviate alike, so the pooled sd is 1 too
		assertThat(outcome.otherScores().get("fixed-variance")[0]).isCloseTo(2, within(1e-5));
	}

	@Test
	void liraReadsOnlyTheReferencesItAskedForWhenTheRunTrainedMore() {
		boolean[][] in = new boolean[3][2];
		// the third reference (phi 30, another run's Shokri shadow) would move the out mean to 11
		float[][][] answers = { { withPhi(1), withPhi(1) }, { withPhi(3), withPhi(3) }, { withPhi(30), withPhi(30) } };
		Observations observations = observations(false, in, answers, new float[][] { withPhi(4), withPhi(3) });

		AttackOutcome outcome = new Lira(false, 2).attack(observations);

		// out mean 2 and sd sqrt(2) from the first two: target phi 4 is z = 2 / sqrt(2)
		assertThat(outcome.scores()[0]).isCloseTo(2 / Math.sqrt(2), within(1e-5));
		assertThat(outcome.details()).containsEntry("referenceModels", 2);
	}

	@Test
	void rmiaCountsThePopulationRecordsWhoseRatioTheCandidateBeats() {
		// a = 0.5; one reference, out for both candidates. Pr(x) = (1.5 x 0.4 + 0.5) / 2 = 0.55 for both.
		boolean[][] in = new boolean[1][2];
		float[][][] onCandidates = { { { 0.4f, 0.6f }, { 0.4f, 0.6f } } };
		float[][] target = { { 0.9f, 0.1f }, { 0.3f, 0.7f } };
		// population: the reference gives 0.4 on each (Pr(z) = 0.55), the target 0.2, 0.5, 0.6 and 0.8
		LabeledData population = new LabeledData(new float[4][1], new int[4], new int[] { 1 });
		float[][][] onPopulation = { { { 0.4f, 0.6f }, { 0.4f, 0.6f }, { 0.4f, 0.6f }, { 0.4f, 0.6f } } };
		float[][] targetOnPopulation = { { 0.2f, 0.8f }, { 0.5f, 0.5f }, { 0.6f, 0.4f }, { 0.8f, 0.2f } };
		Observations observations = new Observations(CANDIDATES, target, null,
				new Observations.References(false, in, onCandidates, population, onPopulation, targetOnPopulation),
				null, FeatureDomain.UNKNOWN, Map.of());

		AttackOutcome outcome = new Rmia(1, 0.5).attack(observations);

		// the same Pr everywhere, so x beats z exactly when the target gives x at least z's posterior:
		// 0.9 beats all four, 0.3 beats only 0.2
		assertThat(outcome.scores()).containsExactly(1.0, 0.25);
		assertThat(outcome.decisions()).containsExactly(true, false);
	}

	private static Observations observations(boolean online, boolean[][] in, float[][][] answers, float[][] target) {
		return new Observations(CANDIDATES, target, null,
				new Observations.References(online, in, answers, null, null, null), null, FeatureDomain.UNKNOWN,
				Map.of());
	}

}
