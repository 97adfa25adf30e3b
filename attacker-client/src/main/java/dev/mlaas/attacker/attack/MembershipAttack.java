package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.data.LabeledData;

/**
 * A black-box membership-inference attack: given query access to a target model and candidate records (with their
 * true labels, which the attacker knows for the records it asks about), it scores each candidate (higher means more
 * likely a member) and decides member or not.
 */
public interface MembershipAttack {

	/** A stable name for reports, e.g. {@code ml-leaks-adversary-1}. */
	String name();

	AttackOutcome attack(TargetModel target, LabeledData candidates);

}
