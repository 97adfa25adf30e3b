package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The accountant reproduces the published figures of the two libraries DP-SGD papers use: TensorFlow Privacy's
 * {@code compute_dp_sgd_privacy_test} (dataset size, batch, noise multiplier, epochs, delta to epsilon and order) and
 * Google's {@code dp_accounting} {@code rdp_privacy_accountant_test} (RDP per order; the conversion to epsilon).
 */
class RdpAccountantTests {

	@ParameterizedTest(name = "n={0} batch={1} sigma={2} epochs={3} delta={4}: epsilon {5} at order {6}")
	@CsvSource({ "60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0",
			"100000, 100, 1.0, 30, 1e-7, 1.4154988495444845, 13.0",
			"100000000, 1024, 0.1, 10, 1e-7, 5907982.31138195, 1.25" })
	void dpSgdEpsilonMatchesTensorFlowPrivacysPublishedFigures(long n, int batch, double sigma, int epochs,
			double delta, double epsilon, double order) {
		long steps = (long) Math.ceil((double) epochs * n / batch);
		RdpAccountant.Spent spent = RdpAccountant.epsilon((double) batch / n, sigma, steps, delta);
		assertThat(spent.epsilon()).isCloseTo(epsilon, within(Math.abs(epsilon) * 1e-7));
		assertThat(spent.order()).isEqualTo(order);
	}

	/**
	 * Integer orders against dp_accounting's figures. At fractional orders its current release sums the series'
	 * terms in absolute value, an upper bound (6.706e-4 at order 1.5 here); this accountant sums them with their
	 * signs, as TensorFlow Privacy did when it published 0.00065 for the same case, and as a numerical integral of
	 * A_alpha confirms (6.5007e-4).
	 */
	@Test
	void rdpPerOrderMatchesThePublishedFiguresAndANumericalIntegral() {
		List<Double> orders = List.of(1.5, 2.5, 5.0, 50.0, 100.0, Double.POSITIVE_INFINITY);
		double[] rdp = RdpAccountant.rdp(0.01, 2.5, 50, orders);
		double[] dpAccounting = { 2.18075656e-03, 2.38460375e-02, 1.67416308e02 };
		for (int i = 0; i < dpAccounting.length; i++) {
			assertThat(rdp[i + 2]).as("order %s", orders.get(i + 2))
				.isCloseTo(dpAccounting[i], within(dpAccounting[i] * 1e-4));
		}
		double[] tensorFlowPrivacy = { 0.00065, 0.001085, 0.00218075, 0.023846, 167.416307 };
		for (int i = 0; i < tensorFlowPrivacy.length; i++) {
			assertThat(rdp[i]).as("order %s", orders.get(i)).isCloseTo(tensorFlowPrivacy[i], within(1e-5));
		}
		assertThat(rdp[0]).isCloseTo(50 * Math.log(integralOfA(0.01, 2.5, 1.5)) / 0.5, within(rdp[0] * 1e-6));
		assertThat(rdp[1]).isCloseTo(50 * Math.log(integralOfA(0.01, 2.5, 2.5)) / 1.5, within(rdp[1] * 1e-6));
		assertThat(rdp[5]).isInfinite();
	}

	/** A_alpha = E over z ~ N(0, sigma^2) of ((1 - q) + q exp((2z - 1) / (2 sigma^2)))^alpha, by the trapezoid rule. */
	private static double integralOfA(double q, double sigma, double alpha) {
		int steps = 400_000;
		double low = -40 * sigma;
		double width = 80 * sigma / steps;
		double sum = 0;
		for (int k = 0; k <= steps; k++) {
			double z = low + k * width;
			double density = Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
			double value = density * Math.pow((1 - q) + q * Math.exp((2 * z - 1) / (2 * sigma * sigma)), alpha);
			sum += (k == 0 || k == steps) ? value / 2 : value;
		}
		return sum * width;
	}

	@Test
	void aConstantRdpConvertsAsPureDpAtTheLargestOrder() {
		List<Double> orders = new ArrayList<>();
		for (int order = 2; order <= 32; order++) {
			orders.add((double) order);
		}
		double[] rdp = new double[orders.size()];
		java.util.Arrays.fill(rdp, 1.1);
		RdpAccountant.Spent spent = RdpAccountant.epsilon(orders, rdp, 1e-5);
		assertThat(spent.epsilon()).isCloseTo(1.32783806176, within(1e-10));
		assertThat(spent.order()).isEqualTo(32.0);
	}

	@Test
	void theGaussianMechanismCalibratedForEpsilonOneGivesEpsilonOne() {
		List<Double> orders = new ArrayList<>();
		for (int i = 1000; i < 100000; i++) {
			orders.add(0.001 * i);
		}
		double[] rdp = RdpAccountant.rdp(1, 4.530877117, 1, orders);
		assertThat(RdpAccountant.epsilon(orders, rdp, 1e-6).epsilon()).isCloseTo(1.0, within(1e-7));
	}

	@Test
	void moreNoiseOrFewerStepsSpendLess() {
		double base = RdpAccountant.epsilon(0.04, 1.0, 1250, 1e-5).epsilon();
		assertThat(RdpAccountant.epsilon(0.04, 2.0, 1250, 1e-5).epsilon()).isLessThan(base);
		assertThat(RdpAccountant.epsilon(0.04, 1.0, 625, 1e-5).epsilon()).isLessThan(base);
		assertThat(RdpAccountant.epsilon(0.04, 1.0, 1250, 1e-3).epsilon()).isLessThan(base);
	}

}
