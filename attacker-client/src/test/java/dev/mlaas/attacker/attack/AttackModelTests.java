package dev.mlaas.attacker.attack;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SVM and logistic-regression attack models learn what the MLP learns, from the same rows. */
class AttackModelTests {

	@Test
	void eachAttackModelSeparatesMembersWhoseTopPosteriorIsHigher() {
		Random random = new Random(3);
		float[][] features = new float[300][];
		boolean[] members = new boolean[features.length];
		for (int i = 0; i < features.length; i++) {
			members[i] = i % 2 == 0;
			float top = (float) (members[i] ? 0.7 + 0.3 * random.nextDouble() : 0.3 + 0.3 * random.nextDouble());
			features[i] = new float[] { top, (1 - top) / 2, (1 - top) / 4 };
		}
		for (String kind : AttackModel.KINDS) {
			AttackModel.Trained model = new AttackModel(kind, AttackMlp.Settings.mlLeaks(1)).train(features, members);
			double[] p = model.memberProbability(features);
			int right = 0;
			for (int i = 0; i < p.length; i++) {
				right += ((p[i] > 0.5) == members[i]) ? 1 : 0;
			}
			assertThat(right).as(kind).isGreaterThan(285);
		}
	}

	@Test
	void theSvmTakesTheCrossValidatedBestOfThePapersGrid() {
		Random random = new Random(5);
		float[][] features = new float[120][];
		boolean[] members = new boolean[features.length];
		for (int i = 0; i < features.length; i++) {
			members[i] = random.nextBoolean();
			features[i] = new float[] { (members[i] ? 1 : -1) + (float) random.nextGaussian() * 0.3f };
		}
		Map<String, Object> details = new AttackModel("svm", AttackMlp.Settings.mlLeaks(2)).train(features, members)
			.details();
		assertThat(details.get("C")).isIn(0.1, 1.0, 10.0);
		assertThat(details.get("gamma")).isIn(0.001, 0.01, 0.1);
		assertThat((Map<?, ?>) details.get("crossValidatedAccuracy")).hasSize(9);
		assertThatThrownBy(() -> new AttackModel("xgboost", AttackMlp.Settings.mlLeaks(2)))
			.hasMessageContaining("mlp, svm, lr");
	}

}
