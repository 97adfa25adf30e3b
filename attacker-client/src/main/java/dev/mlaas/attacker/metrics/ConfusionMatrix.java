package dev.mlaas.attacker.metrics;

import java.util.Objects;

/**
 * Counts of a hard member / non-member decision against the true labels, where "positive" means
 * "member of the training set".
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

	/** @throws IllegalArgumentException if a count is negative */
	public ConfusionMatrix {
		if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
			throw new IllegalArgumentException("counts must not be negative: tp=" + truePositives
					+ " fp=" + falsePositives + " tn=" + trueNegatives + " fn=" + falseNegatives);
		}
	}

	/**
	 * Tallies predictions against labels.
	 *
	 * @throws IllegalArgumentException if the arrays are empty or differ in length
	 */
	public static ConfusionMatrix of(boolean[] predictedMember, boolean[] member) {
		Objects.requireNonNull(predictedMember, "predictedMember");
		Objects.requireNonNull(member, "member");
		if (predictedMember.length != member.length) {
			throw new IllegalArgumentException("predictedMember and member must have the same length, but got "
					+ predictedMember.length + " predictions and " + member.length + " labels");
		}
		if (member.length == 0) {
			throw new IllegalArgumentException("need at least one record, got none");
		}
		long tp = 0;
		long fp = 0;
		long tn = 0;
		long fn = 0;
		for (int i = 0; i < member.length; i++) {
			if (predictedMember[i]) {
				if (member[i]) tp++; else fp++;
			} else {
				if (member[i]) fn++; else tn++;
			}
		}
		return new ConfusionMatrix(tp, fp, tn, fn);
	}

	/**
	 * TP / (TP + FP), or 0 when nothing was predicted member. The 0 follows scikit-learn's
	 * {@code zero_division} default and keeps the value finite for JSON reports; an attacker that
	 * never says "member" has identified no members.
	 */
	public double precision() {
		long predictedPositive = truePositives + falsePositives;
		return predictedPositive == 0 ? 0.0 : (double) truePositives / predictedPositive;
	}

	/** TP / (TP + FN), the true-positive rate; {@code NaN} if there are no members. */
	public double recall() {
		return ratio(truePositives, truePositives + falseNegatives);
	}

	/** (TP + TN) / all records; {@code NaN} if the matrix is empty. */
	public double accuracy() {
		return ratio(truePositives + trueNegatives, truePositives + falsePositives + trueNegatives + falseNegatives);
	}

	/** FP / (FP + TN); {@code NaN} if there are no non-members. */
	public double falsePositiveRate() {
		return ratio(falsePositives, falsePositives + trueNegatives);
	}

	/**
	 * Membership advantage TPR - FPR (Yeom et al., 2018): 0 for guessing, 1 for a perfect attack.
	 * {@code NaN} if either class is absent.
	 */
	public double advantage() {
		return recall() - falsePositiveRate();
	}

	private static double ratio(long numerator, long denominator) {
		return denominator == 0 ? Double.NaN : (double) numerator / denominator;
	}
}
