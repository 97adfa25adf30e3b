package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label-only attack on a toy model that keeps its label on a record's copies by the record's first bit (1 for
 * "trained on"): the first bit decides who keeps the label, the rest is noise the copies flip.
 */
class LabelOnlyRobustnessTests {

	private static final int WIDTH = 40;

	/** Answers one-hot labels, as label-only answers read: class 0 when the first bit is set, else the record's
	 * second bit's class, which copies flip now and then. */
	private static TargetModel toy(AtomicLong asked) {
		return new TargetModel() {

			@Override
			public float[][] query(float[][] instances) {
				asked.addAndGet(instances.length);
				float[][] answers = new float[instances.length][2];
				for (int i = 0; i < instances.length; i++) {
					int label = (instances[i][0] == 1f) ? 0 : (int) instances[i][1];
					answers[i][label] = 1f;
				}
				return answers;
			}

			@Override
			public int batchSize() {
				return 100;
			}

			@Override
			public String outputPolicy() {
				return "label-only";
			}

		};
	}

	/** {@code n} records of class 0: members have their first bit set, non-members not (and a 0 second bit). */
	private static LabeledData records(int n, boolean members) {
		float[][] features = new float[n][WIDTH];
		for (float[] record : features) {
			record[0] = members ? 1f : 0f;
		}
		int[] labels = new int[n];
		return new LabeledData(features, labels, new int[] { WIDTH });
	}

	private static float[][] answers(TargetModel model, LabeledData records) {
		return model.query(records.features());
	}

	@Test
	void membersKeepTheirLabelUnderPerturbationAndTheShadowChoosesTheThreshold() {
		AtomicLong asked = new AtomicLong();
		TargetModel model = toy(asked);
		LabeledData in = records(30, true);
		LabeledData out = records(30, false);
		Observations.Shadow shadow = new Observations.Shadow(in, out, answers(model, in), answers(model, out), null,
				Map.of(), model);
		LabeledData candidates = new LabeledData(
				concat(records(20, true).features(), records(20, false).features()), new int[40], new int[] { WIDTH });
		float[][] target = answers(model, candidates);
		asked.set(0);

		LabelOnlyRobustness attack = new LabelOnlyRobustness(8, 3);
		AttackOutcome outcome = attack.attack(new Observations(candidates, target, shadow, model, FeatureDomain.BINARY,
				new LinkedHashMap<>()));

		// members keep label 0 on every copy (their first bit flips with chance 2 in 40 a copy, each flip drawn
		// from 40 bits: a rare miss); non-members lose it whenever a copy flips their second bit
		double memberMean = Arrays.stream(outcome.scores(), 0, 20).average().orElseThrow();
		double nonMemberMean = Arrays.stream(outcome.scores(), 20, 40).average().orElseThrow();
		assertThat(memberMean).isGreaterThan(nonMemberMean);
		assertThat(outcome.details()).containsEntry("perturbations", 8).containsEntry("calibrationRecords", 60);
		// each candidate's 8 copies and each calibration record's 8, and nothing more
		assertThat(asked.get()).isEqualTo(8L * (40 + 60)).isEqualTo(attack.ownQueries(FeatureDomain.BINARY, 60, 40));
		assertThat(outcome.otherScores()).containsOnlyKeys("1-perturbation", "2-perturbations", "4-perturbations");
		// with one copy a score is 0, 1/2 or 1: the share of the record and its copy that kept the label
		assertThat(Arrays.stream(outcome.otherScores().get("1-perturbation")).allMatch(s -> s == 0 || s == 0.5 || s == 1))
			.isTrue();
		assertThat(attack.notApplicable("label-only", 2)).isNull();
	}

	@Test
	void theScoreIsTheShareOfTheRecordAndItsFirstCopiesThatKeptTheLabel() {
		int[][] kept = { { 1, 1, 0, 1, 1 }, { 0, 0, 0, 1, 1 } };
		assertThat(LabelOnlyRobustness.scores(kept, 4)).containsExactly(0.8, 0.4);
		assertThat(LabelOnlyRobustness.scores(kept, 2)).containsExactly(2 / 3.0, 0.0);
	}

	private static float[][] concat(float[][] a, float[][] b) {
		float[][] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
