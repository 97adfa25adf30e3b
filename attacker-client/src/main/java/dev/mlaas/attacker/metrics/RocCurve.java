package dev.mlaas.attacker.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Empirical ROC curve of a membership score (higher = more likely a member).
 *
 * <p>The first point is (fpr 0, tpr 0) at threshold {@code +Infinity}; then there is one point per
 * distinct score, in descending order, where a record is predicted member iff its score is
 * {@code >=} the threshold. Tied scores therefore move together (a diagonal step), and the last
 * point is (1, 1).
 *
 * <p>If the labels contain no members, every point's {@code tpr} is {@code NaN}; if they contain no
 * non-members, every point's {@code fpr} is {@code NaN}. In both cases {@link #auc()} and
 * {@link #tprAtFpr(double)} return {@code NaN}, because neither is defined with only one class.
 *
 * <p>Building takes O(n log n) time.
 */
public final class RocCurve {

	private final List<RocPoint> points;
	private final double auc;

	private RocCurve(List<RocPoint> points, double auc) {
		this.points = points;
		this.auc = auc;
	}

	/**
	 * Builds the curve.
	 *
	 * @param scores membership scores, all finite
	 * @param members true labels, {@code members[i]} iff record {@code i} was in the training set
	 * @throws IllegalArgumentException if the arrays are empty, differ in length, or a score is
	 *     NaN or infinite
	 */
	public static RocCurve of(double[] scores, boolean[] members) {
		Objects.requireNonNull(scores, "scores");
		Objects.requireNonNull(members, "members");
		if (scores.length != members.length) {
			throw new IllegalArgumentException("scores and members must have the same length, but got "
					+ scores.length + " scores and " + members.length + " labels");
		}
		if (scores.length == 0) {
			throw new IllegalArgumentException("need at least one scored record, got none");
		}
		int positives = 0;
		for (int i = 0; i < scores.length; i++) {
			if (!Double.isFinite(scores[i])) {
				throw new IllegalArgumentException("scores must be finite, but scores[" + i + "] = " + scores[i]);
			}
			if (members[i]) {
				positives++;
			}
		}
		int negatives = scores.length - positives;

		// Sorting the two classes separately and merging from the top lets us count, per distinct
		// threshold, how many of each class it admits without an index/comparator sort.
		double[] pos = new double[positives];
		double[] neg = new double[negatives];
		for (int i = 0, p = 0, q = 0; i < scores.length; i++) {
			if (members[i]) {
				pos[p++] = scores[i];
			} else {
				neg[q++] = scores[i];
			}
		}
		Arrays.sort(pos);
		Arrays.sort(neg);

		List<RocPoint> points = new ArrayList<>();
		points.add(new RocPoint(Double.POSITIVE_INFINITY, rate(0, negatives), rate(0, positives)));
		int i = positives - 1;
		int j = negatives - 1;
		long tp = 0;
		long fp = 0;
		// Twice the trapezoid area scaled by positives*negatives, kept as an exact integer.
		long twiceArea = 0;
		while (i >= 0 || j >= 0) {
			double threshold = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
			long previousTp = tp;
			long previousFp = fp;
			// == (not Double.compare) so that -0.0 and 0.0 count as the same score.
			while (i >= 0 && pos[i] == threshold) {
				tp++;
				i--;
			}
			while (j >= 0 && neg[j] == threshold) {
				fp++;
				j--;
			}
			twiceArea += (fp - previousFp) * (previousTp + tp);
			points.add(new RocPoint(threshold, rate(fp, negatives), rate(tp, positives)));
		}
		double auc = positives == 0 || negatives == 0
				? Double.NaN
				: twiceArea / (2.0 * positives * (double) negatives);
		return new RocCurve(Collections.unmodifiableList(points), auc);
	}

	private static double rate(long count, long total) {
		return total == 0 ? Double.NaN : (double) count / total;
	}

	/** The curve's points, from (0, 0) at threshold {@code +Infinity} to (1, 1); unmodifiable. */
	public List<RocPoint> points() {
		return points;
	}

	/**
	 * Trapezoidal area under {@link #points()}: the probability that a random member outscores a
	 * random non-member, ties counting half. {@code NaN} if either class is absent.
	 */
	public double auc() {
		return auc;
	}

	/**
	 * The largest true-positive rate among the points whose false-positive rate is at most
	 * {@code maxFpr}. No interpolation: a diagonal (tie) step that ends past the bound does not
	 * count. At least 0 thanks to the start point; {@code NaN} if either class is absent.
	 *
	 * @param maxFpr the false-positive budget, in [0, 1]
	 * @throws IllegalArgumentException if {@code maxFpr} is NaN or outside [0, 1]
	 */
	public double tprAtFpr(double maxFpr) {
		if (!(maxFpr >= 0.0 && maxFpr <= 1.0)) {
			throw new IllegalArgumentException("maxFpr must be in [0, 1], got " + maxFpr);
		}
		if (Double.isNaN(auc)) {
			return Double.NaN;
		}
		// fpr and tpr are both non-decreasing along the curve, so the answer is the tpr of the last
		// point within budget; points.get(0) (fpr 0) always is.
		int lo = 0;
		int hi = points.size() - 1;
		while (lo < hi) {
			int mid = (lo + hi + 1) >>> 1;
			if (points.get(mid).fpr() <= maxFpr) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return points.get(lo).tpr();
	}
}
