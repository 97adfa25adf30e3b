package dev.mlaas.attacker.attack;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttackMlpTests {

	@Test
	void learnsToSeparateConfidentMembersFromUnsureNonMembers() {
		Random random = new Random(1);
		float[][] features = new float[400][];
		boolean[] members = new boolean[400];
		for (int i = 0; i < 400; i++) {
			members[i] = i % 2 == 0;
			float top = members[i] ? 0.9f + 0.1f * random.nextFloat() : 0.3f + 0.5f * random.nextFloat();
			features[i] = new float[] { top, (1 - top) * 0.6f, (1 - top) * 0.3f };
		}
		AttackMlp model = AttackMlp.train(features, members, new AttackMlp.Settings(64, 100, 50, 0.01, 7));
		double[] scores = model.memberProbability(features);
		int correct = 0;
		for (int i = 0; i < scores.length; i++) {
			correct += ((scores[i] > 0.5) == members[i]) ? 1 : 0;
		}
		assertThat(correct).isGreaterThan(380);
	}

	@Test
	void theSameSeedGivesTheSameAttackModel() {
		float[][] features = { { 0.9f, 0.05f, 0.05f }, { 0.5f, 0.3f, 0.2f }, { 0.99f, 0.01f, 0f }, { 0.4f, 0.4f, 0.2f } };
		boolean[] members = { true, false, true, false };
		AttackMlp.Settings settings = new AttackMlp.Settings(8, 5, 2, 0.01, 3);
		assertThat(AttackMlp.train(features, members, settings).memberProbability(features))
			.containsExactly(AttackMlp.train(features, members, settings).memberProbability(features));
	}

}
