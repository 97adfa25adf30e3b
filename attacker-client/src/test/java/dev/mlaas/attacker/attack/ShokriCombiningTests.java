package dev.mlaas.attacker.attack;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;

/** Shokri's per-class attack models and ML-Leaks' combining attack on hand-made shadows with a known answer. */
class ShokriCombiningTests {

	/** Members get 0.95 on their class, non-members 0.5: what any shadow and the target answer here. */
	private static float[] answer(int label, boolean member, int classes) {
		float[] p = new float[classes];
		float top = member ? 0.95f : 0.5f;
		java.util.Arrays.fill(p, (1 - top) / (classes - 1));
		p[label] = top;
		return p;
	}

	@Test
	void shokriJudgesEachCandidateWithItsClasssModelTrainedOnTheShadowsPool() {
		int classes = 3;
		int poolSize = 60;
		int[] poolLabels = new int[poolSize];
		float[][] poolRows = new float[poolSize][] ;
		for (int r = 0; r < poolSize; r++) {
			poolLabels[r] = r % classes;
			poolRows[r] = new float[] { r };
		}
		int shadows = 4;
		boolean[][] in = new boolean[shadows][poolSize];
		float[][][] answers = new float[shadows][poolSize][];
		for (int s = 0; s < shadows; s++) {
			for (int r = 0; r < poolSize; r++) {
				in[s][r] = (r + s) % 2 == 0;
				answers[s][r] = answer(poolLabels[r], in[s][r], classes);
			}
		}
		// six candidates: the first three members, the last three not
		int[] labels = { 0, 1, 2, 0, 1, 2 };
		float[][] target = new float[6][];
		for (int i = 0; i < 6; i++) {
			target[i] = answer(labels[i], i < 3, classes);
		}
		LabeledData candidates = new LabeledData(new float[6][1], labels, new int[] { 1 });
		Observations.References references = new Observations.References(false, new boolean[shadows][6],
				new float[shadows][6][classes], null, null, null,
				new Observations.Pool(new LabeledData(poolRows, poolLabels, new int[] { 1 }), in, answers));
		Observations observations = new Observations(candidates, target, null, references, null,
				FeatureDomain.UNKNOWN, new java.util.LinkedHashMap<>());

		AttackOutcome outcome = new Shokri(3, true, AttackModel.mlp(AttackMlp.Settings.mlLeaks(1)))
			.attack(observations);
		assertThat(outcome.decisions()).containsExactly(true, true, true, false, false, false);
		assertThat(outcome.details()).containsEntry("shadowModels", 3)
			.containsEntry("attackTrainingRows", 3 * poolSize)
			.containsEntry("classesOnTheGlobalModel", 0);
		assertThat(new Shokri(10, false, AttackModel.mlp(AttackMlp.Settings.mlLeaks(1))).referenceNeeds())
			.isEqualTo(new Observations.ReferenceNeeds(10, false, false, true));
	}

	@Test
	void combiningStacksEverySubShadowsRowsAndJudgesTheTargetWithOneModel() {
		int classes = 4;
		LabeledData half = new LabeledData(new float[40][1], new int[40], new int[] { 1 });
		float[][] in = new float[40][];
		float[][] out = new float[40][];
		for (int i = 0; i < 40; i++) {
			in[i] = answer(i % classes, true, classes);
			out[i] = answer(i % classes, false, classes);
		}
		Observations.Shadow sub = new Observations.Shadow(half, half, in, out, null);
		Observations.Shadow shadow = new Observations.Shadow(half, half, in, out, null)
			.withOthers(Map.of("random-forest", sub, "logistic-regression", sub));
		float[][] target = { answer(0, true, classes), answer(1, false, classes) };
		Observations observations = new Observations(
				new LabeledData(new float[2][1], new int[] { 0, 1 }, new int[] { 1 }), target, shadow, null,
				FeatureDomain.UNKNOWN, new java.util.LinkedHashMap<>());

		MlLeaksCombining combining = new MlLeaksCombining(AttackModel.mlp(AttackMlp.Settings.mlLeaks(2)));
		AttackOutcome outcome = combining.attack(observations);
		assertThat(outcome.decisions()).containsExactly(true, false);
		assertThat(outcome.details()).containsEntry("subShadows", 3).containsEntry("attackTrainingRows", 240);
		assertThat(combining.subShadows()).containsExactly("random-forest", "logistic-regression");
		assertThat(combining.ownQueries(FeatureDomain.BINARY, 100)).isEqualTo(200);
	}

}
