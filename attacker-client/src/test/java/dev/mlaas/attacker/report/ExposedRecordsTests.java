package dev.mlaas.attacker.report;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.LabeledData;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner's list: the top-scored candidates in order, named by index and hash, with their membership. */
class ExposedRecordsTests {

	private static final LabeledData CANDIDATES = new LabeledData(
			new float[][] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 0, 0 } }, new int[] { 0, 1, 0, 1 }, new int[] { 2 });

	@Test
	void theTopScoredCandidatesComeFirstAndTiesKeepTheirOrder() {
		ExposedRecords exposed = ExposedRecords.of("lira-online", new double[] { 0.2, 0.9, 0.9, 0.5 }, CANDIDATES,
				new boolean[] { true, true, false, false }, 3);

		assertThat(exposed.records()).extracting(ExposedRecords.Exposed::index).containsExactly(1, 2, 3);
		assertThat(exposed.records()).extracting(ExposedRecords.Exposed::member).containsExactly(true, false, false);
		assertThat(exposed.memberShare()).isEqualTo(1.0 / 3);
		assertThat(exposed.attack()).isEqualTo("lira-online");
	}

	@Test
	void aRecordIsNamedByAHashOfItsFeaturesThatTellsRecordsApart() {
		ExposedRecords exposed = ExposedRecords.of("x", new double[] { 4, 3, 2, 1 }, CANDIDATES,
				new boolean[4], 4);

		assertThat(exposed.records()).extracting(ExposedRecords.Exposed::featureHash)
			.allMatch(hash -> hash.matches("[0-9a-f]{16}"))
			.doesNotHaveDuplicates();
		assertThat(exposed.records().get(0).featureHash()).isEqualTo(ExposedRecords.hash(new float[] { 1, 0 }));
	}

}
