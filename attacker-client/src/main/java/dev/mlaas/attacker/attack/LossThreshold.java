package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss (confidence) threshold attack (Yeom et al. 2018): a member gets a higher posterior on its true label.
 * The threshold is the one that splits the shadow's members from its non-members best: one for all classes (the
 * decisions), and one per class (evaluated beside it as the score's distance above its class's threshold; a class
 * the shadow's data lacks on either side takes the global one).
 */
public final class LossThreshold implements MembershipAttack {

	@Override
	public String id() {
		return "loss-threshold";
	}

	@Override
	public boolean needsShadow() {
		return true;
	}


	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.Shadow shadow = observations.requireShadow();
		double[] inConfidence = confidences(shadow.inPosteriors(), shadow.in().labels());
		double[] outConfidence = confidences(shadow.outPosteriors(), shadow.out().labels());
		double global = Thresholds.mostAccurate(inConfidence, outConfidence);

		int classes = observations.targetPosteriors()[0].length;
		double[] perClass = new double[classes];
		for (int c = 0; c < classes; c++) {
			double[] in = ofClass(inConfidence, shadow.in().labels(), c);
			double[] out = ofClass(outConfidence, shadow.out().labels(), c);
			perClass[c] = (in.length == 0 || out.length == 0) ? global : Thresholds.mostAccurate(in, out);
		}

		int[] labels = observations.candidates().labels();
		double[] scores = confidences(observations.targetPosteriors(), labels);
		double[] aboveClassThreshold = new double[scores.length];
		for (int i = 0; i < scores.length; i++) {
			aboveClassThreshold[i] = scores[i] - finite(perClass[labels[i]]);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("threshold", global);
		details.put("shadowAccuracy", MlLeaksAdversary1.accuracy(
				AttackOutcome.above(Observer.concatScores(inConfidence, outConfidence), global),
				members(inConfidence.length, outConfidence.length)));
		return new AttackOutcome(scores, AttackOutcome.above(scores, global),
				Map.of("per-class-threshold", aboveClassThreshold), details);
	}

	private static double finite(double threshold) {
		// "everyone is a member" for this class: below every confidence
		return Double.isInfinite(threshold) ? -1 : threshold;
	}

	private static double[] confidences(float[][] posteriors, int[] labels) {
		double[] confidence = new double[posteriors.length];
		for (int i = 0; i < posteriors.length; i++) {
			confidence[i] = Signals.trueLabelConfidence(posteriors[i], labels[i]);
		}
		return confidence;
	}

	private static double[] ofClass(double[] values, int[] labels, int label) {
		return java.util.stream.IntStream.range(0, values.length)
			.filter(i -> labels[i] == label)
			.mapToDouble(i -> values[i])
			.toArray();
	}

	private static boolean[] members(int in, int out) {
		boolean[] members = new boolean[in + out];
		Arrays.fill(members, 0, in, true);
		return members;
	}

}
