package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The label-only attack of Choquette-Choo et al. (2021) and Li and Zhang (2021), robustness to perturbation: a model
 * keeps its label on perturbed copies of its training records more often than on other records. It asks the target
 * for the label of {@code perturbations} perturbed copies of each candidate (bits: a share of them flipped; values
 * in [0, 1]: Gaussian noise, clipped; values of unknown bounds: Gaussian noise scaled by each feature's spread in the
 * attacker's own records) and scores the share of copies, and the candidate itself, that keep the true label. The
 * threshold is the one that splits the ML-Leaks shadow's members from its non-members best, scored the same way on
 * at most {@value #CALIBRATION} of each. It reads labels alone, so it runs under every output policy; each copy is a
 * billed query, and the scores with the first 1, 2, 4, ... copies are evaluated beside it for the cost curve.
 */
public final class LabelOnlyRobustness implements MembershipAttack {

	/** The shadow's members and non-members (each) the threshold is chosen on. */
	static final int CALIBRATION = 500;

	/** Of a record's bits, the share a copy flips. */
	static final double FLIP_SHARE = 0.05;

	/** The noise's standard deviation, for values in [0, 1] (and in units of each feature's spread otherwise). */
	static final double NOISE = 0.1;

	private final int perturbations;

	private final long seed;

	public LabelOnlyRobustness(int perturbations, long seed) {
		if (perturbations < 1) {
			throw new IllegalArgumentException("the label-only attack needs at least one perturbation a candidate");
		}
		this.perturbations = perturbations;
		this.seed = seed;
	}

	@Override
	public String id() {
		return "label-only-robustness";
	}

	/** Labels are in every answer, whatever the policy. */
	@Override
	public String notApplicable(String policy, int classes) {
		return null;
	}

	@Override
	public boolean needsShadow() {
		return true;
	}

	@Override
	public long ownQueries(FeatureDomain domain, int ownRecords, int candidates) {
		return (long) this.perturbations * (candidates + calibrationSize(ownRecords / 2) * 2L);
	}

	/** The copies asked of each candidate. */
	public int perturbations() {
		return this.perturbations;
	}

	static int calibrationSize(int shadowHalf) {
		return Math.min(CALIBRATION, shadowHalf);
	}

	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.Shadow shadow = observations.requireShadow();
		if (shadow.model() == null) {
			throw new IllegalStateException("the label-only attack queries the shadow model, which the run did not keep");
		}
		float[][] own = concat(shadow.in().features(), shadow.out().features());
		Perturbation perturbation = Perturbation.of(observations.domain(), own);
		int half = calibrationSize(Math.min(shadow.in().size(), shadow.out().size()));
		float[][] calibration = concat(Arrays.copyOf(shadow.in().features(), half),
				Arrays.copyOf(shadow.out().features(), half));
		int[] calibrationLabels = concat(Arrays.copyOf(shadow.in().labels(), half),
				Arrays.copyOf(shadow.out().labels(), half));
		float[][] calibrationAnswers = concat(Arrays.copyOf(shadow.inPosteriors(), half),
				Arrays.copyOf(shadow.outPosteriors(), half));
		int[][] shadowKept = kept(shadow.model(), calibration, calibrationLabels, calibrationAnswers, perturbation,
				this.seed);
		int[][] targetKept = kept(observations.target(), observations.candidates().features(),
				observations.candidates().labels(), observations.targetPosteriors(), perturbation, this.seed + 1);

		double[] shadowScores = scores(shadowKept, this.perturbations);
		double threshold = Thresholds.mostAccurate(Arrays.copyOfRange(shadowScores, 0, half),
				Arrays.copyOfRange(shadowScores, half, 2 * half));
		double[] scores = scores(targetKept, this.perturbations);
		Map<String, double[]> others = new LinkedHashMap<>();
		for (int k = 1; k < this.perturbations; k *= 2) {
			others.put(k + "-perturbation" + ((k > 1) ? "s" : ""), scores(targetKept, k));
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("perturbations", this.perturbations);
		details.put("perturbation", perturbation.describe());
		details.put("calibrationRecords", 2 * half);
		details.put("threshold", threshold);
		return new AttackOutcome(scores, AttackOutcome.above(scores, threshold), others, details);
	}

	/**
	 * For each record, whether its own answer and each of its perturbed copies' kept the true label: [record][0]
	 * the record itself, [record][1..n] the copies, 1 when kept.
	 */
	private int[][] kept(TargetModel model, float[][] records, int[] labels, float[][] answers,
			Perturbation perturbation, long seed) {
		Random random = new Random(seed);
		float[][] copies = new float[records.length * this.perturbations][];
		for (int i = 0; i < records.length; i++) {
			for (int j = 0; j < this.perturbations; j++) {
				copies[i * this.perturbations + j] = perturbation.apply(records[i], random);
			}
		}
		float[][] copyAnswers = model.query(copies);
		int[][] kept = new int[records.length][this.perturbations + 1];
		for (int i = 0; i < records.length; i++) {
			kept[i][0] = (Signals.predictedLabel(answers[i]) == labels[i]) ? 1 : 0;
			for (int j = 0; j < this.perturbations; j++) {
				kept[i][j + 1] = (Signals.predictedLabel(copyAnswers[i * this.perturbations + j]) == labels[i]) ? 1 : 0;
			}
		}
		return kept;
	}

	/** The share of the record and its first {@code k} copies that kept the true label. */
	static double[] scores(int[][] kept, int k) {
		double[] scores = new double[kept.length];
		for (int i = 0; i < kept.length; i++) {
			int sum = 0;
			for (int j = 0; j <= k; j++) {
				sum += kept[i][j];
			}
			scores[i] = sum / (double) (k + 1);
		}
		return scores;
	}

	/** How a copy differs from its record. */
	record Perturbation(FeatureDomain domain, double[] spread) {

		static Perturbation of(FeatureDomain domain, float[][] own) {
			if (domain != FeatureDomain.UNKNOWN) {
				return new Perturbation(domain, null);
			}
			int width = own[0].length;
			double[] spread = new double[width];
			for (int f = 0; f < width; f++) {
				double mean = 0;
				for (float[] record : own) {
					mean += record[f];
				}
				mean /= own.length;
				double squares = 0;
				for (float[] record : own) {
					squares += (record[f] - mean) * (record[f] - mean);
				}
				spread[f] = Math.sqrt(squares / own.length);
			}
			return new Perturbation(domain, spread);
		}

		float[] apply(float[] record, Random random) {
			float[] copy = record.clone();
			switch (this.domain) {
				case BINARY -> {
					int flips = Math.max(1, (int) Math.round(FLIP_SHARE * copy.length));
					for (int f = 0; f < flips; f++) {
						int at = random.nextInt(copy.length);
						copy[at] = 1f - copy[at];
					}
				}
				case UNIT_INTERVAL -> {
					for (int f = 0; f < copy.length; f++) {
						copy[f] = (float) Math.min(1, Math.max(0, copy[f] + NOISE * random.nextGaussian()));
					}
				}
				default -> {
					for (int f = 0; f < copy.length; f++) {
						copy[f] += (float) (NOISE * this.spread[f] * random.nextGaussian());
					}
				}
			}
			return copy;
		}

		String describe() {
			return switch (this.domain) {
				case BINARY -> "bits: " + FLIP_SHARE + " of them flipped (drawn with replacement)";
				case UNIT_INTERVAL -> "values in [0, 1]: Gaussian noise of standard deviation " + NOISE + ", clipped";
				default -> "Gaussian noise of " + NOISE + " times each feature's standard deviation in the "
						+ "attacker's own records";
			};
		}

	}

	private static float[][] concat(float[][] a, float[][] b) {
		float[][] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static int[] concat(int[] a, int[] b) {
		int[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
