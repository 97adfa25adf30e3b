package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.special.Erf;

/**
 * The Rényi-DP (moments) accountant of DP-SGD: the privacy spent by {@code steps} rounds of the Poisson-subsampled
 * Gaussian mechanism (sampling rate q, noise multiplier sigma), as epsilon at a stated delta. The RDP of one round
 * at order alpha is log(A_alpha) / (alpha - 1) (Mironov, Talwar and Zhang 2019: a binomial sum for integer orders, a
 * two-sided series with erfc terms for fractional ones); rounds add up; epsilon is the best over the orders of the
 * conversion of Balle et al. 2020, as Google's {@code dp_accounting} and TensorFlow Privacy compute it. Java has no
 * maintained library for this, so it is written here, checked against those libraries' published figures.
 */
final class RdpAccountant {

	/** TensorFlow Privacy's orders for DP-SGD ({@code compute_dp_sgd_privacy}). */
	static final List<Double> DEFAULT_ORDERS = defaultOrders();

	private RdpAccountant() {
	}

	private static List<Double> defaultOrders() {
		List<Double> orders = new ArrayList<>(List.of(1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0, 3.5, 4.0, 4.5));
		for (int order = 5; order < 64; order++) {
			orders.add((double) order);
		}
		orders.addAll(List.of(128.0, 256.0, 512.0));
		return List.copyOf(orders);
	}

	/** The RDP at each order of {@code steps} rounds at sampling rate {@code q} and noise multiplier {@code sigma}. */
	static double[] rdp(double q, double sigma, long steps, List<Double> orders) {
		double[] rdp = new double[orders.size()];
		for (int i = 0; i < rdp.length; i++) {
			rdp[i] = steps * rdpOneRound(q, sigma, orders.get(i));
		}
		return rdp;
	}

	private static double rdpOneRound(double q, double sigma, double alpha) {
		if (Double.isInfinite(alpha) || sigma == 0) {
			return Double.POSITIVE_INFINITY;
		}
		if (q == 0) {
			return 0;
		}
		if (q == 1) {
			return alpha / (2 * sigma * sigma);
		}
		double logA = (alpha == Math.rint(alpha)) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
		return logA / (alpha - 1);
	}

	/** log A_alpha for an integer order: a binomial sum of Gaussian moments. */
	private static double logAInteger(double q, double sigma, int alpha) {
		double logA = Double.NEGATIVE_INFINITY;
		double logBinomial = 0;
		for (int i = 0; i <= alpha; i++) {
			if (i > 0) {
				logBinomial += Math.log(alpha - i + 1) - Math.log(i);
			}
			double term = logBinomial + i * Math.log(q) + (alpha - i) * Math.log1p(-q)
					+ (i * (double) i - i) / (2 * sigma * sigma);
			logA = logAdd(logA, term);
		}
		return logA;
	}

	/** log A_alpha for a fractional order: the two halves of the integral split at z0, each a converging series. */
	private static double logAFractional(double q, double sigma, double alpha) {
		double logA0 = Double.NEGATIVE_INFINITY;
		double logA1 = Double.NEGATIVE_INFINITY;
		double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
		double logAbsBinomial = 0;
		boolean positive = true;
		for (int i = 0;; i++) {
			if (i > 0) {
				double factor = (alpha - i + 1) / i;
				logAbsBinomial += Math.log(Math.abs(factor));
				positive ^= factor < 0;
			}
			double j = alpha - i;
			double logT0 = logAbsBinomial + i * Math.log(q) + j * Math.log1p(-q);
			double logT1 = logAbsBinomial + j * Math.log(q) + i * Math.log1p(-q);
			double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
			double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
			double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
			double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
			if (positive) {
				logA0 = logAdd(logA0, logS0);
				logA1 = logAdd(logA1, logS1);
			}
			else {
				logA0 = logSub(logA0, logS0);
				logA1 = logSub(logA1, logS1);
			}
			if (Math.max(logS0, logS1) < -30) {
				return logAdd(logA0, logA1);
			}
		}
	}

	/**
	 * Epsilon at {@code delta} and the order that gives it, from the RDP at each order (Balle et al. 2020,
	 * Proposition 12; the orders below 1.01, where it is unstable, are skipped).
	 */
	static Spent epsilon(List<Double> orders, double[] rdp, double delta) {
		if (!(delta > 0 && delta < 1)) {
			throw new IllegalArgumentException("delta must lie in (0, 1): " + delta);
		}
		double best = Double.POSITIVE_INFINITY;
		double bestOrder = Double.NaN;
		for (int i = 0; i < rdp.length; i++) {
			double alpha = orders.get(i);
			double r = rdp[i];
			double epsilon;
			if (delta * delta + Math.expm1(-r) > 0) {
				// the KL bound already gives delta <= sqrt(1 - exp(-r)) at epsilon 0
				epsilon = 0;
			}
			else if (alpha > 1.01) {
				epsilon = r + Math.log1p(-1 / alpha) - Math.log(delta * alpha) / (alpha - 1);
			}
			else {
				epsilon = Double.POSITIVE_INFINITY;
			}
			if (epsilon < best) {
				best = epsilon;
				bestOrder = alpha;
			}
		}
		return new Spent(Math.max(0, best), bestOrder);
	}

	/** Epsilon at {@code delta} after {@code steps} rounds, over {@link #DEFAULT_ORDERS}. */
	static Spent epsilon(double q, double sigma, long steps, double delta) {
		return epsilon(DEFAULT_ORDERS, rdp(q, sigma, steps, DEFAULT_ORDERS), delta);
	}

	/** log(erfc(x)), kept finite far in the tail where erfc itself underflows. */
	private static double logErfc(double x) {
		double r = Erf.erfc(x);
		if (r > 0) {
			return Math.log(r);
		}
		// the asymptotic series of log(erfc(x)) + log(x) + log(pi) / 2 + x^2 at infinity
		double x2 = x * x;
		return -Math.log(Math.PI) / 2 - Math.log(x) - x2 - 0.5 / x2 + 0.625 / (x2 * x2) - 37.0 / 24 / (x2 * x2 * x2)
				+ 353.0 / 64 / (x2 * x2 * x2 * x2);
	}

	private static double logAdd(double a, double b) {
		double max = Math.max(a, b);
		double min = Math.min(a, b);
		if (min == Double.NEGATIVE_INFINITY) {
			return max;
		}
		return max + Math.log1p(Math.exp(min - max));
	}

	private static double logSub(double a, double b) {
		if (b == Double.NEGATIVE_INFINITY) {
			return a;
		}
		if (a <= b) {
			// the series' alternating terms cannot make a half negative; treat an exact cancellation as zero
			return Double.NEGATIVE_INFINITY;
		}
		return a + Math.log(-Math.expm1(b - a));
	}

	/** Epsilon and the RDP order that gave it. */
	record Spent(double epsilon, double order) {
	}

}
