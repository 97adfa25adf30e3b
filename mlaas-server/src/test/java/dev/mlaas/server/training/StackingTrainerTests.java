package dev.mlaas.server.training;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mlaas.server.datasets.Records;
import dev.mlaas.server.models.StackedModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A stacked model's three parts learn from three disjoint thirds of the training records: the thirds share no record
 * and cover them all, the network took exactly the steps its third makes, and each Tribuo part's provenance counts
 * exactly its own third.
 */
class StackingTrainerTests {

	private static final Records RECORDS = FusedLoopChecks.randomRecords(301, new int[] { 12 }, 4, 5,
			random -> random.nextGaussian());

	private static final TrainingProperties PROPERTIES = new TrainingProperties(1, 500, 3, 5, 100, 8, 5e11, 32);

	@Test
	void theThirdsAreDisjointAndCoverEveryRecord() {
		int[][] parts = StackingTrainer.thirds(RECORDS.size(), 7);
		Set<Integer> seen = new HashSet<>();
		for (int[] part : parts) {
			assertThat(part.length).isBetween(100, 101);
			for (int row : part) {
				assertThat(seen.add(row)).as("record %d in two parts", row).isTrue();
			}
		}
		assertThat(seen).hasSize(RECORDS.size());
		assertThat(StackingTrainer.thirds(RECORDS.size(), 8)[0]).isNotEqualTo(parts[0]);
	}

	@Test
	void eachPartLearnsFromItsOwnThirdOnly() {
		TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.MLP, java.util.List.of(8), 3, 20, 0.01,
				TrainingRecipe.ADAM, 0, 7, null, null, null, null, null, true);
		StackingTrainer.Result result = StackingTrainer.train(recipe, RECORDS, 4, PROPERTIES, epoch -> {
		});
		int[][] parts = result.parts();
		assertThat(parts).isDeepEqualTo(StackingTrainer.thirds(RECORDS.size(), 7));
		int stepsPerEpoch = (parts[0].length + recipe.batchSize() - 1) / recipe.batchSize();
		assertThat(result.model().network().getIterationCount()).isEqualTo(recipe.epochs() * stepsPerEpoch);
		assertThat(result.model().forest().getProvenance().getDatasetProvenance().getNumExamples())
			.isEqualTo(parts[1].length);
		assertThat(result.model().combiner().getProvenance().getDatasetProvenance().getNumExamples())
			.isEqualTo(parts[2].length);
		// the combiner reads the two posterior vectors side by side
		assertThat(result.model().combiner().getFeatureIDMap().size()).isEqualTo(2 * 4);
		float[] posteriors = result.model().predict(RECORDS.features(), RECORDS.size(), 12, 4);
		for (int i = 0; i < RECORDS.size(); i++) {
			double sum = 0;
			for (int k = 0; k < 4; k++) {
				sum += posteriors[i * 4 + k];
			}
			assertThat(sum).isCloseTo(1.0, within(1e-4));
		}
		assertThat(result.trainingAccuracy()).isBetween(0.0, 1.0);
		// what the store keeps answers as the trained stack does
		assertThat(StackedModel.isStacked(result.weights())).isTrue();
		assertThat(StackedModel.deserialize(result.weights()).predict(RECORDS.features(), RECORDS.size(), 12, 4))
			.containsExactly(posteriors);
		assertThat(Arrays.stream(parts).mapToInt(p -> p.length).sum()).isEqualTo(RECORDS.size());
	}

}
