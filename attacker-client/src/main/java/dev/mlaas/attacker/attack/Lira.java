package dev.mlaas.attacker.attack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LiRA (Carlini et al., S&P 2022): for each candidate, the reference models' phi (the log odds of its true label,
 * {@link Signals#liraPhi}) where it was in their training data and where it was out, each fitted by a Gaussian.
 * <ul>
 * <li>online: score = log N(phi; mu_in, s_in) - log N(phi; mu_out, s_out) of the target's phi; member when the
 * likelihood ratio is above 1;</li>
 * <li>offline (out-models only): the one-sided test of the target's phi against N(mu_out, s_out), scored by its
 * z = (phi - mu_out) / s_out (the same order as the probability Phi(z), without Phi's rounding to 1 far out);
 * member when Phi(z) > 0.95, that is z > 1.645, a 5% false positive rate where the Gaussian fits.</li>
 * </ul>
 * The main score fits each candidate's own variances; the fixed-variance score (one variance for all, the pooled
 * within-candidate variance, robust with few references) is evaluated beside it. A candidate with fewer than two
 * in- or out-values takes the fixed variance.
 */
public final class Lira implements MembershipAttack {

	/** Phi(1.645) = 0.95. */
	private static final double ONE_SIDED_5_PERCENT = 1.6448536269514722;

	private final boolean online;

	private final int references;

	public Lira(boolean online, int references) {
		this.online = online;
		this.references = references;
	}

	@Override
	public String id() {
		return this.online ? "lira-online" : "lira-offline";
	}

	@Override
	public boolean needsShadow() {
		return false;
	}

	@Override
	public Observations.ReferenceNeeds referenceNeeds() {
		return new Observations.ReferenceNeeds(this.references, this.online, false);
	}


	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.References refs = observations.requireReferences();
		int[] labels = observations.candidates().labels();
		int m = labels.length;
		// the run may have trained more references than this attack asked for (Shokri's): it reads the first ones
		int used = Math.min(this.references, refs.count());
		boolean[][] candidateIn = java.util.Arrays.copyOf(refs.candidateIn(), used);
		double[][] phi = new double[used][m];
		for (int s = 0; s < used; s++) {
			for (int i = 0; i < m; i++) {
				phi[s][i] = Signals.liraPhi(refs.onCandidates()[s][i], labels[i]);
			}
		}
		boolean online = this.online && refs.online();
		Gaussians in = online ? Gaussians.fit(phi, candidateIn, true) : null;
		Gaussians out = Gaussians.fit(phi, candidateIn, false);
		double[] perExample = new double[m];
		double[] fixed = new double[m];
		for (int i = 0; i < m; i++) {
			double target = Signals.liraPhi(observations.targetPosteriors()[i], labels[i]);
			if (online) {
				perExample[i] = logPdf(target, in.mean[i], in.sd(i)) - logPdf(target, out.mean[i], out.sd(i));
				fixed[i] = logPdf(target, in.mean[i], in.pooled) - logPdf(target, out.mean[i], out.pooled);
			}
			else {
				perExample[i] = (target - out.mean[i]) / out.sd(i);
				fixed[i] = (target - out.mean[i]) / out.pooled;
			}
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("referenceModels", used);
		details.put("referencesPerCandidateIn", online ? in.meanCount() : 0.0);
		details.put("referencesPerCandidateOut", out.meanCount());
		details.put("decision", online ? "likelihood ratio > 1" : "one-sided test at 5%: z > 1.645");
		return new AttackOutcome(perExample,
				AttackOutcome.above(perExample, online ? 0 : ONE_SIDED_5_PERCENT), Map.of("fixed-variance", fixed),
				details);
	}

	static double logPdf(double x, double mean, double sd) {
		double z = (x - mean) / sd;
		return -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
	}

	/** Per-candidate means and variances of the phi values on one side (in or out), and their pooled variance. */
	static final class Gaussians {

		/** Keeps a variance of 0 (identical values) from making a likelihood infinite. */
		private static final double MIN_SD = 1e-6;

		final double[] mean;

		final double[] variance;

		final int[] count;

		final double pooled;

		private Gaussians(double[] mean, double[] variance, int[] count, double pooled) {
			this.mean = mean;
			this.variance = variance;
			this.count = count;
			this.pooled = pooled;
		}

		/** From phi[reference][candidate], the values whose {@code in[reference][candidate]} equals {@code side}. */
		static Gaussians fit(double[][] phi, boolean[][] in, boolean side) {
			int m = phi[0].length;
			double[] mean = new double[m];
			double[] variance = new double[m];
			int[] count = new int[m];
			double squares = 0;
			long degrees = 0;
			for (int i = 0; i < m; i++) {
				double sum = 0;
				for (int s = 0; s < phi.length; s++) {
					if (in[s][i] == side) {
						sum += phi[s][i];
						count[i]++;
					}
				}
				mean[i] = (count[i] > 0) ? sum / count[i] : 0;
				double deviations = 0;
				for (int s = 0; s < phi.length; s++) {
					if (in[s][i] == side) {
						deviations += (phi[s][i] - mean[i]) * (phi[s][i] - mean[i]);
					}
				}
				variance[i] = (count[i] > 1) ? deviations / (count[i] - 1) : Double.NaN;
				if (count[i] > 1) {
					squares += deviations;
					degrees += count[i] - 1;
				}
			}
			double pooled = (degrees > 0) ? Math.max(MIN_SD, Math.sqrt(squares / degrees)) : 1;
			return new Gaussians(mean, variance, count, pooled);
		}

		/** The candidate's own standard deviation, or the pooled one where it has fewer than two values. */
		double sd(int i) {
			return Double.isNaN(this.variance[i]) ? this.pooled : Math.max(MIN_SD, Math.sqrt(this.variance[i]));
		}

		double meanCount() {
			return java.util.Arrays.stream(this.count).average().orElse(0);
		}

	}

}
