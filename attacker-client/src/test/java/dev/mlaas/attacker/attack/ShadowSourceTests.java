package dev.mlaas.attacker.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where shadow data come from: the real records perturbed, their marginals, or hill-climbing on a toy oracle. */
class ShadowSourceTests {

	private static final int BITS = 20;

	@Test
	void noNoiseKeepsTheRecordsAndFullNoiseFlipsEveryBit() {
		LabeledData real = bits(30, 1);
		LabeledData same = new ShadowSource.Noisy(0).make(real, FeatureDomain.BINARY, null, 1, new LinkedHashMap<>());
		LabeledData flipped = new ShadowSource.Noisy(1).make(real, FeatureDomain.BINARY, null, 1,
				new LinkedHashMap<>());
		for (int i = 0; i < real.size(); i++) {
			assertThat(same.features()[i]).containsExactly(real.features()[i]);
			for (int f = 0; f < BITS; f++) {
				assertThat(flipped.features()[i][f]).isEqualTo(1f - real.features()[i][f]);
			}
		}
		assertThat(flipped.labels()).containsExactly(real.labels());
	}

	@Test
	void aTenthOfTheFeaturesArePerturbedAtTheDefaultNoise() {
		Map<String, Object> details = new LinkedHashMap<>();
		ShadowSource.parse("noisy").make(bits(2000, 2), FeatureDomain.BINARY, null, 3, details);
		assertThat((double) details.get("perturbedFeatureShare")).isBetween(0.09, 0.11);
	}

	@Test
	void marginalsDrawEachFeatureFromItsOwnClasssValues() {
		// class 0 takes values 1 or 2 in every feature, class 1 takes 10 or 20
		float[][] rows = new float[40][3];
		int[] labels = new int[40];
		for (int i = 0; i < rows.length; i++) {
			labels[i] = i % 2;
			for (int f = 0; f < 3; f++) {
				rows[i][f] = (labels[i] == 0 ? 1 : 10) * (((i / 2 + f) % 2 == 0) ? 1 : 2);
			}
		}
		LabeledData made = new ShadowSource.Marginals().make(new LabeledData(rows, labels, new int[] { 3 }),
				FeatureDomain.UNKNOWN, null, 5, new LinkedHashMap<>());
		assertThat(made.size()).isEqualTo(40);
		for (int i = 0; i < made.size(); i++) {
			for (float value : made.features()[i]) {
				assertThat(value).isIn(made.labels()[i] == 0 ? new Float[] { 1f, 2f } : new Float[] { 10f, 20f });
			}
		}
	}

	@Test
	void synthesisClimbsToRecordsTheOracleGivesTheirClassAndCountsEveryQuery() {
		AtomicLong asked = new AtomicLong();
		// class 1's confidence is the share of ones among the first ten bits; class 0 has the rest
		TargetModel oracle = new TargetModel() {
			@Override
			public float[][] query(float[][] instances) {
				asked.addAndGet(instances.length);
				float[][] answers = new float[instances.length][];
				for (int i = 0; i < instances.length; i++) {
					float ones = 0;
					for (int f = 0; f < 10; f++) {
						ones += instances[i][f];
					}
					answers[i] = new float[] { 1 - ones / 10, ones / 10 };
				}
				return answers;
			}

			@Override
			public int batchSize() {
				return 16;
			}
		};
		ShadowSource.Synthesis synthesis = new ShadowSource.Synthesis(8, 1, 0.7, 5, 200);
		Map<String, Object> details = new LinkedHashMap<>();
		LabeledData made = synthesis.make(bits(40, 4), FeatureDomain.BINARY, oracle, 9, details);

		assertThat(made.size()).isEqualTo(40);
		for (int i = 0; i < made.size(); i++) {
			float[] answer = oracle.query(new float[][] { made.features()[i] })[0];
			assertThat(Signals.predictedLabel(answer)).isEqualTo(made.labels()[i]);
			assertThat(answer[made.labels()[i]]).isGreaterThan(0.7f);
		}
		long spent = asked.get() - made.size();
		assertThat(details.get("synthesisQueries")).isEqualTo(spent);
		assertThat((double) details.get("queriesPerSynthesizedRecord")).isEqualTo((double) spent / 40);
		assertThat(made.labels()).contains(0, 1);
		// no climb is started beyond the records still wanted, and none here gives up
		assertThat(details).containsEntry("synthesisAttempts", 40).containsEntry("synthesisFailures", 0);
	}

	@Test
	void synthesisGivesUpOnAClassTheOracleNeverFavoursAndSaysHowOften() {
		TargetModel neverOne = new TargetModel() {
			@Override
			public float[][] query(float[][] instances) {
				float[][] answers = new float[instances.length][];
				java.util.Arrays.setAll(answers, i -> new float[] { 0.99f, 0.01f });
				return answers;
			}

			@Override
			public int batchSize() {
				return 8;
			}
		};
		Map<String, Object> details = new LinkedHashMap<>();
		ShadowSource.Synthesis.Result result = new ShadowSource.Synthesis(8, 1, 0.5, 3, 20)
			.climb(new int[] { 1, 1, 1 }, 3, BITS, FeatureDomain.BINARY, neverOne, 1);
		assertThat(result.records()).isEmpty();
		assertThat(result.details()).containsEntry("synthesisFailureRate", 1.0).containsEntry("synthesisQueries", 60L);
		assertThatThrownBy(() -> ShadowSource.Synthesis.paper()
			.make(bits(4, 1), FeatureDomain.UNKNOWN, neverOne, 1, details))
			.hasMessageContaining("bounds are unknown");
		assertThatThrownBy(() -> ShadowSource.parse("gan")).hasMessageContaining("real, noisy");
	}

	private static LabeledData bits(int n, long seed) {
		float[][] rows = FeatureDomain.BINARY.randomPoints(n, BITS, seed);
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = i % 2;
		}
		return new LabeledData(rows, labels, new int[] { BITS });
	}

}
