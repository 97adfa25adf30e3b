package dev.mlaas.server.training;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's work counts what its loop costs: DP-SGD trains slower than the plain loop, so the same network, records and
 * epochs count as more work with it and are refused sooner; dropout, in the same fused loops, counts as the plain job.
 */
class TrainingWorkTests {

	private static final int[] IMAGE = { 28, 28 };

	private static final int[] PURCHASE = { 600 };

	@Test
	void theReferenceJobsCountAsTheirDocumentedWork() {
		assertThat(work(recipe(TrainingRecipe.MLP, null, null), PURCHASE, 100)).isBetween(1.0e10, 1.2e10);
		assertThat(work(recipe(TrainingRecipe.CNN, null, null), IMAGE, 10)).isBetween(1.3e10, 1.5e10);
	}

	@Test
	void dpSgdCountsAsTheSlowerLoopItIs() {
		DpSgd dp = DpSgd.accounted(1.0, 1.0, 1e-5, 2500, 100, 50);
		assertThat(work(recipe(TrainingRecipe.MLP, null, dp), PURCHASE, 100)
				/ work(recipe(TrainingRecipe.MLP, null, null), PURCHASE, 100)).isEqualTo(2.5);
		assertThat(work(recipe(TrainingRecipe.CNN, null, dp), IMAGE, 10)
				/ work(recipe(TrainingRecipe.CNN, null, null), IMAGE, 10)).isEqualTo(5.5);
	}

	@Test
	void dropoutCountsAsThePlainJobInEitherFusedLoop() {
		assertThat(work(recipe(TrainingRecipe.MLP, 0.5, null), PURCHASE, 100))
			.isEqualTo(work(recipe(TrainingRecipe.MLP, null, null), PURCHASE, 100));
		assertThat(work(recipe(TrainingRecipe.CNN, 0.5, null), IMAGE, 10))
			.isEqualTo(work(recipe(TrainingRecipe.CNN, null, null), IMAGE, 10));
	}

	private static double work(TrainingRecipe recipe, int[] shape, int classes) {
		return TrainingWork.of(recipe, shape, 2500, classes);
	}

	private static TrainingRecipe recipe(String architecture, Double dropout, DpSgd dpSgd) {
		return new TrainingRecipe(architecture, List.of(128), 50, 100, 0.001, TrainingRecipe.ADAM, 0.0, 1,
				TrainingRecipe.XAVIER, null, null, dropout, dpSgd, null);
	}

}
