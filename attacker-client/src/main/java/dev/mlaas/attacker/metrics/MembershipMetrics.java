package dev.mlaas.attacker.metrics;

import java.util.Objects;

/**
 * Summary of a membership-inference attack: threshold metrics of its hard decisions plus
 * threshold-free metrics (AUC, TPR at low FPR) of its scores.
 */
public record MembershipMetrics(
		Double precision,
		Double recall,
		Double accuracy,
		Double advantage,
		double auc,
		double tprAt1PercentFpr,
		double tprAt01PercentFpr,
		ConfusionMatrix confusion) {

	/**
	 * The scores' metrics alone, for an attack that has no threshold: precision, recall, accuracy, advantage and the
	 * confusion matrix are null ("not applicable"), never a made-up number.
	 */
	public static MembershipMetrics rankingOnly(RocCurve roc) {
		Objects.requireNonNull(roc, "roc");
		return new MembershipMetrics(null, null, null, null, roc.auc(), roc.tprAtFpr(0.01), roc.tprAtFpr(0.001), null);
	}

	/**
	 * Evaluates an attack on labelled records.
	 *
	 * @param scores membership scores (higher = more likely member), all finite
	 * @param predictedMember the attack's hard decisions
	 * @param member true labels
	 * @throws IllegalArgumentException if the arrays are empty, differ in length, or a score is not finite
	 */
	public static MembershipMetrics evaluate(double[] scores, boolean[] predictedMember, boolean[] member) {
		Objects.requireNonNull(scores, "scores");
		Objects.requireNonNull(predictedMember, "predictedMember");
		Objects.requireNonNull(member, "member");
		if (scores.length != predictedMember.length || scores.length != member.length) {
			throw new IllegalArgumentException("scores, predictedMember and member must have the same length, but got "
					+ scores.length + ", " + predictedMember.length + " and " + member.length);
		}
		return from(RocCurve.of(scores, member), ConfusionMatrix.of(predictedMember, member));
	}

	/** Combines an already built curve (e.g. one that is also plotted) with the hard decisions' counts. */
	public static MembershipMetrics from(RocCurve roc, ConfusionMatrix confusion) {
		Objects.requireNonNull(roc, "roc");
		return new MembershipMetrics(
				confusion.precision(),
				confusion.recall(),
				confusion.accuracy(),
				confusion.advantage(),
				roc.auc(),
				roc.tprAtFpr(0.01),
				roc.tprAtFpr(0.001),
				confusion);
	}
}
