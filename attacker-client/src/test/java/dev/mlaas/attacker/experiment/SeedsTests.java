package dev.mlaas.attacker.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeedsTests {

	@Test
	void everySeedOfAnExperimentFollowsFromItsOneSeed() {
		assertThat(Seeds.from(4)).isEqualTo(Seeds.from(4));
		assertThat(Seeds.from(4)).isNotEqualTo(Seeds.from(5));
		Seeds seeds = Seeds.from(4);
		assertThat(seeds.split()).isEqualTo(4);
		assertThat(java.util.Set.of(seeds.targetTraining(), seeds.shadowTraining(), seeds.shadowSplit(),
				seeds.attackModel(), seeds.candidateOrder())).hasSize(5);
	}

}
