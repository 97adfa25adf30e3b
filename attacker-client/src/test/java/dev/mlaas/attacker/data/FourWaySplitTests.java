package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FourWaySplitTests {

	/** Record i has the single feature value i, so a record's value identifies it. */
	private static LabeledData numbered(int size) {
		float[][] rows = new float[size][];
		int[] labels = new int[size];
		for (int i = 0; i < size; i++) {
			rows[i] = new float[] {i};
			labels[i] = i % 3;
		}
		return new LabeledData(rows, labels, new int[] {1});
	}

	private static List<LabeledData> parts(FourWaySplit s) {
		return List.of(s.targetIn(), s.targetOut(), s.shadowIn(), s.shadowOut());
	}

	@Test
	void partsHaveNRecordsEachAndAreDisjoint() {
		FourWaySplit split = FourWaySplit.mlLeaks(numbered(103), 25, 7L);

		Set<Float> seen = new HashSet<>();
		for (LabeledData part : parts(split)) {
			assertThat(part.size()).isEqualTo(25);
			for (int i = 0; i < part.size(); i++) {
				assertThat(seen.add(part.features()[i][0])).as("record %s seen twice", part.features()[i][0]).isTrue();
				assertThat(part.labels()[i]).isEqualTo((int) part.features()[i][0] % 3);
			}
		}
		assertThat(seen).hasSize(100);
	}

	@Test
	void sameSeedGivesTheSameSplit() {
		LabeledData data = numbered(200);

		assertThat(FourWaySplit.mlLeaks(data, 50, 42L)).isEqualTo(FourWaySplit.mlLeaks(data, 50, 42L));
	}

	@Test
	void differentSeedsGiveDifferentSplits() {
		LabeledData data = numbered(200);

		assertThat(FourWaySplit.mlLeaks(data, 50, 1L).targetIn())
				.isNotEqualTo(FourWaySplit.mlLeaks(data, 50, 2L).targetIn());
	}

	@Test
	void theSplitIsShuffledNotTheFirstRecordsInOrder() {
		LabeledData first = FourWaySplit.mlLeaks(numbered(400), 100, 3L).targetIn();

		assertThat(first).isNotEqualTo(numbered(400).subset(rangeOf(100)));
	}

	@Test
	void usesTheWholeDatasetWhenFourNEqualsTheSize() {
		FourWaySplit split = FourWaySplit.mlLeaks(numbered(8), 2, 0L);

		assertThat(parts(split)).allSatisfy(p -> assertThat(p.size()).isEqualTo(2));
	}

	@Test
	void rejectsFourNLargerThanTheDataset() {
		assertThatThrownBy(() -> FourWaySplit.mlLeaks(numbered(99), 25, 1L))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("100")
				.hasMessageContaining("99");
	}

	@Test
	void rejectsANonPositiveN() {
		assertThatThrownBy(() -> FourWaySplit.mlLeaks(numbered(10), 0, 1L))
				.isInstanceOf(IllegalArgumentException.class);
	}

	private static int[] rangeOf(int n) {
		int[] r = new int[n];
		for (int i = 0; i < n; i++) {
			r[i] = i;
		}
		return r;
	}
}
