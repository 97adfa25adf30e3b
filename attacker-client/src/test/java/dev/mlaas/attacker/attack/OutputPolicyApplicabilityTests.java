package dev.mlaas.attacker.attack;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each attack runs where the target's output policy leaves what it reads, and says why not elsewhere. */
class OutputPolicyApplicabilityTests {

	private static final List<MembershipAttack> ALL = AttackSettings.DEFAULT.attacks(List.of("all"), 1, 2, 4);

	private static List<String> applicable(String policy, int classes) {
		return ALL.stream().filter(a -> a.notApplicable(policy, classes) == null).map(MembershipAttack::id).toList();
	}

	@Test
	void everyAttackReadsAFullOrRoundedAnswer() {
		List<String> ids = ALL.stream().map(MembershipAttack::id).toList();
		assertThat(applicable("full", 100)).isEqualTo(ids);
		assertThat(applicable("rounding:2", 100)).isEqualTo(ids);
	}

	@Test
	void topKLeavesTheAttacksThatReadItsLargestPosteriors() {
		assertThat(applicable("top-k:3", 100)).containsExactly("ml-leaks-1", "ml-leaks-3", "ml-leaks-combining",
				"yeom", "label-only-robustness");
		assertThat(applicable("top-k:2", 100)).containsExactly("ml-leaks-3", "yeom", "label-only-robustness");
		// a binary task's ML-Leaks features are its two posteriors
		assertThat(applicable("top-k:2", 2)).contains("ml-leaks-1", "ml-leaks-combining");
		// a k as wide as the classes leaves every posterior, only sorted: still not the class order Shokri and
		// LiRA read, so they stay out
		assertThat(applicable("top-k:100", 100)).doesNotContain("lira-online", "shokri");
	}

	@Test
	void labelOnlyLeavesTheLabelAttacksAndSaysWhyForTheRest() {
		assertThat(applicable("label-only", 100)).containsExactly("yeom", "label-only-robustness");
		Map<String, String> why = ALL.stream()
			.filter(a -> a.notApplicable("label-only", 100) != null)
			.collect(Collectors.toMap(MembershipAttack::id, a -> a.notApplicable("label-only", 100)));
		assertThat(why.get("ml-leaks-1")).isEqualTo("reads the 3 largest posteriors, which label-only does not leave");
		assertThat(why.get("lira-offline")).isEqualTo("reads every class's posterior, which label-only does not leave");
		assertThat(why).doesNotContainKey("yeom");
	}

}
