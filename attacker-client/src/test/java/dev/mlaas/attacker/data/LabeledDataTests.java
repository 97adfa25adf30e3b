package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabeledDataTests {

	private static LabeledData threeRecords() {
		return new LabeledData(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}, new int[] {0, 4, 2},
				new int[] {2, 2});
	}

	@Test
	void sizeFeaturesAndClassesFollowTheArrays() {
		LabeledData d = threeRecords();

		assertThat(d.size()).isEqualTo(3);
		assertThat(d.numFeatures()).isEqualTo(4);
		assertThat(d.numClasses()).isEqualTo(5);
	}

	@Test
	void subsetKeepsTheGivenOrderAndDoesNotAliasRows() {
		LabeledData d = threeRecords();

		LabeledData sub = d.subset(new int[] {2, 0});
		sub.features()[0][0] = -1;

		assertThat(sub.labels()).containsExactly(2, 0);
		assertThat(sub.features()[1]).containsExactly(1, 2, 3, 4);
		assertThat(d.features()[2][0]).isEqualTo(9f);
		assertThat(sub.recordShape()).containsExactly(2, 2);
	}

	@Test
	void subsetRejectsAnIndexOutOfRange() {
		assertThatThrownBy(() -> threeRecords().subset(new int[] {3}))
				.isInstanceOf(IndexOutOfBoundsException.class);
	}

	@Test
	void constructorRejectsALabelCountDifferentFromTheRowCount() {
		assertThatThrownBy(() -> new LabeledData(new float[][] {{1}, {2}}, new int[] {0}, new int[] {1}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("2 rows")
				.hasMessageContaining("1 entries");
	}

	@Test
	void constructorRejectsARowWhoseWidthIsNotTheProductOfTheShape() {
		assertThatThrownBy(() -> new LabeledData(new float[][] {{1, 2, 3, 4}, {1, 2, 3}}, new int[] {0, 0},
				new int[] {2, 2}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("row 1");
	}

	@Test
	void constructorRejectsANegativeLabel() {
		assertThatThrownBy(() -> new LabeledData(new float[][] {{1}}, new int[] {-1}, new int[] {1}))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("negative");
	}

	@Test
	void equalityComparesContentsNotArrayIdentity() {
		assertThat(threeRecords()).isEqualTo(threeRecords()).hasSameHashCodeAs(threeRecords());
		assertThat(threeRecords()).isNotEqualTo(threeRecords().subset(new int[] {0, 1, 2, 0}));
	}

	@Test
	void recordShapeCannotBeChangedThroughTheAccessor() {
		LabeledData d = threeRecords();

		d.recordShape()[0] = 99;

		assertThat(d.recordShape()).containsExactly(2, 2);
	}
}
