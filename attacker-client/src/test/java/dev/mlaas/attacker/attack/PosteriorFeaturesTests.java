package dev.mlaas.attacker.attack;

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
	void binaryTasksUseTwoFeatures() {
		assertThat(PosteriorFeatures.mlLeaksK(2)).isEqualTo(2);
		assertThat(PosteriorFeatures.mlLeaksK(100)).isEqualTo(3);
	}

	@Test
	void aPosteriorShorterThanKIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> PosteriorFeatures.topK(new float[][] { { 1f } }, 3));
	}

}
