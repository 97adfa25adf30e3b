package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurchaseLikeTests {

	private static final PurchaseLike.Params SMALL = new PurchaseLike.Params(500, 50, 10, 0.4, 10, 20, 11L);

	@Test
	void defaultsAreTheScienceConfiguration() {
		PurchaseLike.Params p = PurchaseLike.Params.defaults(5L);

		assertThat(p).isEqualTo(new PurchaseLike.Params(20_000, 600, 100, 0.4, 100, 1_000, 5L));
		assertThat(p.withFlipProbability(0.2).withSeed(6L).flipProbability()).isEqualTo(0.2);
		assertThat(p.withRows(10).withClusters(3).rows()).isEqualTo(10);
	}

	@Test
	void sameSeedGivesIdenticalDataWhateverTheThreadCount() {
		LabeledData once = PurchaseLike.generate(SMALL, 1);
		LabeledData again = PurchaseLike.generate(SMALL, 2);

		assertThat(again).isEqualTo(once);
	}

	@Test
	void differentSeedsGiveDifferentData() {
		LabeledData a = PurchaseLike.generate(SMALL, 1);
		LabeledData b = PurchaseLike.generate(SMALL.withSeed(12L), 1);

		assertThat(Arrays.deepEquals(a.features(), b.features())).isFalse();
	}

	@Test
	void rowsAreBitVectorsOfTheRequestedShape() {
		LabeledData d = PurchaseLike.generate(SMALL, 1);

		assertThat(d.size()).isEqualTo(500);
		assertThat(d.recordShape()).containsExactly(50);
		double ones = 0;
		for (float[] row : d.features()) {
			for (float v : row) {
				assertThat(v).isIn(0f, 1f);
				ones += v;
			}
		}
		assertThat(ones / (500 * 50)).isBetween(0.45, 0.55);
	}

	@Test
	void labelsAreDenseClusterIdsBelowK() {
		LabeledData d = PurchaseLike.generate(SMALL, 1);

		Set<Integer> distinct = new HashSet<>();
		for (int label : d.labels()) {
			distinct.add(label);
		}
		assertThat(d.numClasses()).isBetween(2, 10);
		assertThat(distinct).hasSize(d.numClasses());
	}

	@Test
	void withoutNoiseKMeansRecoversThePrototypesExactly() {
		PurchaseLike.Params noiseless = SMALL.withFlipProbability(0.0);

		LabeledData d = PurchaseLike.generate(noiseless, 2);

		Map<List<Float>, Integer> labelOfRow = new HashMap<>();
		for (int i = 0; i < d.size(); i++) {
			List<Float> row = boxed(d.features()[i]);
			Integer previous = labelOfRow.putIfAbsent(row, d.labels()[i]);
			assertThat(previous).as("two copies of one prototype, different labels").isIn(null, d.labels()[i]);
		}
		assertThat(labelOfRow).hasSizeLessThanOrEqualTo(10);
		assertThat(new HashSet<>(labelOfRow.values())).as("one label per prototype").hasSameSizeAs(labelOfRow.keySet());
		assertThat(d.numClasses()).isEqualTo(labelOfRow.size());
	}

	@Test
	void flipProbabilityOneGivesTheComplementsOfTheNoiselessRows() {
		LabeledData clean = PurchaseLike.generate(SMALL.withFlipProbability(0.0), 1);
		LabeledData flipped = PurchaseLike.generate(SMALL.withFlipProbability(1.0), 1);

		for (int j = 0; j < 50; j++) {
			assertThat(flipped.features()[7][j]).isEqualTo(1f - clean.features()[7][j]);
		}
	}

	@Test
	void rejectsMoreClustersThanRows() {
		assertThatThrownBy(() -> PurchaseLike.generate(new PurchaseLike.Params(5, 10, 2, 0.4, 6, 20, 1L), 1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("clusters");
	}

	@Test
	void rejectsAFlipProbabilityOutsideTheUnitInterval() {
		assertThatThrownBy(() -> SMALL.withFlipProbability(1.5)).isInstanceOf(IllegalArgumentException.class);
	}

	private static List<Float> boxed(float[] row) {
		Float[] values = new Float[row.length];
		for (int j = 0; j < row.length; j++) {
			values[j] = row[j];
		}
		return Arrays.asList(values);
	}
}
