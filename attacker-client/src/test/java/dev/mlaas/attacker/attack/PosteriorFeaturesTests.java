package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PosteriorFeaturesTests {

	@Test
	void topKTakesTheLargestPosteriorsInDescendingOrder() {
		float[][] features = PosteriorFeatures.topK(new float[][] { { 0.1f, 0.6f, 0.05f, 0.25f } }, 3);
		assertThat(features[0]).containsExactly(0.6f, 0.25f, 0.1f);
	}

	@Test
	void topKHasTheBitsOfTheLastKEntriesOfTheSortedPosteriorReversed() {
		Random random = new Random(9);
		float[] pool = { 0f, -0f, 1f, 0.5f, Float.NaN, Float.MIN_VALUE, -1f };
		float[][] posteriors = new float[2000][];
		for (int i = 0; i < posteriors.length; i++) {
			posteriors[i] = new float[1 + random.nextInt(12)];
			for (int c = 0; c < posteriors[i].length; c++) {
				// ties, signed zeros and NaN as well as ordinary values, where a selection could differ from a sort
				posteriors[i][c] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : random.nextFloat();
			}
		}
		for (int k = 1; k <= 3; k++) {
			float[][] kept = atLeast(k, posteriors);
			float[][] features = PosteriorFeatures.topK(kept, k);
			for (int i = 0; i < kept.length; i++) {
				float[] sorted = kept[i].clone();
				Arrays.sort(sorted);
				for (int j = 0; j < k; j++) {
					assertThat(Float.floatToRawIntBits(features[i][j])).as("row %d, k %d, rank %d", i, k, j)
						.isEqualTo(Float.floatToRawIntBits(sorted[sorted.length - 1 - j]));
				}
			}
		}
	}

	@Test
	void binaryTasksUseTwoFeatures() {
		assertThat(PosteriorFeatures.mlLeaksK(2)).isEqualTo(2);
		assertThat(PosteriorFeatures.mlLeaksK(100)).isEqualTo(3);
	}

	@Test
	void aPosteriorShorterThanKIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> PosteriorFeatures.topK(new float[][] { { 1f } }, 3));
	}

	private static float[][] atLeast(int k, float[][] posteriors) {
		return Arrays.stream(posteriors).filter((posterior) -> posterior.length >= k).toArray(float[][]::new);
	}

}
