package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.Shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttackMlpTests {

	@Test
	void learnsToSeparateConfidentMembersFromUnsureNonMembers() {
		Random random = new Random(1);
		float[][] features = new float[400][];
		boolean[] members = new boolean[400];
		for (int i = 0; i < 400; i++) {
			members[i] = i % 2 == 0;
			float top = members[i] ? 0.9f + 0.1f * random.nextFloat() : 0.3f + 0.5f * random.nextFloat();
			features[i] = new float[] { top, (1 - top) * 0.6f, (1 - top) * 0.3f };
		}
		AttackMlp model = AttackMlp.train(features, members, new AttackMlp.Settings(64, 100, 50, 0.01, 7));
		double[] scores = model.memberProbability(features);
		int correct = 0;
		for (int i = 0; i < scores.length; i++) {
			correct += ((scores[i] > 0.5) == members[i]) ? 1 : 0;
		}
		assertThat(correct).isGreaterThan(380);
	}

	@Test
	void theSameSeedGivesTheSameAttackModel() {
		float[][] features = { { 0.9f, 0.05f, 0.05f }, { 0.5f, 0.3f, 0.2f }, { 0.99f, 0.01f, 0f }, { 0.4f, 0.4f, 0.2f } };
		boolean[] members = { true, false, true, false };
		AttackMlp.Settings settings = new AttackMlp.Settings(8, 5, 2, 0.01, 3);
		AttackMlp first = AttackMlp.train(features, members, settings);
		AttackMlp second = AttackMlp.train(features, members, settings);
		assertThat(second.parameters()).containsExactly(first.parameters());
		assertThat(second.memberProbability(features)).containsExactly(first.memberProbability(features));
	}

	@Test
	void aDifferentSeedGivesDifferentWeights() {
		float[][] features = { { 0.9f, 0.05f, 0.05f }, { 0.5f, 0.3f, 0.2f }, { 0.99f, 0.01f, 0f }, { 0.4f, 0.4f, 0.2f } };
		boolean[] members = { true, false, true, false };
		double[] seed3 = AttackMlp.train(features, members, new AttackMlp.Settings(8, 5, 2, 0.01, 3)).parameters();
		double[] seed4 = AttackMlp.train(features, members, new AttackMlp.Settings(8, 5, 2, 0.01, 4)).parameters();
		// the weights, not the biases: a ReLU unit that never fires keeps its zero bias under any seed
		int weights = 3 * 8;
		int same = 0;
		for (int p = 0; p < weights; p++) {
			same += (seed3[p] == seed4[p]) ? 1 : 0;
		}
		assertThat(same).isZero();
		assertThat(seed4).isNotEqualTo(seed3);
	}

	@Test
	void initialWeightsAreXavierNormalAndBiasesZero() {
		AttackMlp.Layout layout = new AttackMlp.Layout(200, 300);
		double[] params = layout.xavier(5);
		int hiddenWeights = 200 * 300;
		assertThat(standardDeviation(params, 0, hiddenWeights)).isCloseTo(Math.sqrt(2.0 / (200 + 300)), within(0.002));
		assertThat(mean(params, 0, hiddenWeights)).isCloseTo(0, within(0.002));
		int outputWeights = hiddenWeights + 300;
		assertThat(standardDeviation(params, outputWeights, outputWeights + 2 * 300))
			.isCloseTo(Math.sqrt(2.0 / (300 + 2)), within(0.01));
		for (int p = hiddenWeights; p < outputWeights; p++) {
			assertThat(params[p]).isZero();
		}
		for (int p = outputWeights + 2 * 300; p < params.length; p++) {
			assertThat(params[p]).isZero();
		}
	}

	@Test
	void theGradientMatchesFiniteDifferencesOnATinyBatch() {
		AttackMlp.Layout layout = new AttackMlp.Layout(3, 5);
		Random random = new Random(11);
		double[] params = gaussians(random, layout.size());
		double[][] x = uniformRows(random, 6, 3);
		boolean[] members = { true, false, false, true, true, false };
		int[] batch = { 4, 0, 2, 5 };
		double[] gradient = new double[params.length];
		new AttackMlp.Backprop(layout).gradient(params, x, members, batch, gradient);

		double h = 1e-6;
		for (int p = 0; p < params.length; p++) {
			double[] plus = params.clone();
			plus[p] += h;
			double[] minus = params.clone();
			minus[p] -= h;
			double numeric = (layout.loss(plus, x, members, batch) - layout.loss(minus, x, members, batch)) / (2 * h);
			assertThat(gradient[p]).as("parameter %d", p).isCloseTo(numeric, within(1e-7));
		}
		assertThat(gradient).as("a check that could only pass vacuously").isNotEqualTo(new double[params.length]);
	}

	@Test
	void theGradientHasTheBitsOfTheRowByRowTextbookLoop() {
		AttackMlp.Layout layout = new AttackMlp.Layout(3, 64);
		Random random = new Random(12);
		AttackMlp.Backprop backprop = new AttackMlp.Backprop(layout);
		for (int trial = 0; trial < 20; trial++) {
			// biases drawn too, so that some units are off and the ReLU's gate matters
			double[] params = gaussians(random, layout.size());
			double[][] x = uniformRows(random, 300, 3);
			boolean[] members = new boolean[x.length];
			for (int r = 0; r < members.length; r++) {
				members[r] = random.nextBoolean();
			}
			int[] batch = random.ints(100, 0, x.length).toArray();
			double[] fast = new double[params.length];
			// reused, as in training: nothing may carry over from the last batch
			backprop.gradient(params, x, members, batch, fast);

			double[] textbook = textbookGradient(layout, params, x, members, batch);
			for (int p = 0; p < params.length; p++) {
				assertThat(Double.doubleToRawLongBits(fast[p])).as("trial %d, parameter %d", trial, p)
					.isEqualTo(Double.doubleToRawLongBits(textbook[p]));
			}
		}
	}

	@Test
	void trainingHasTheBitsOfTheRowByRowTextbookLoop() {
		Random random = new Random(14);
		// 237 rows: batches of 100, 100 and 37 (or of 7, the last of 6), neither a whole number of passes of four
		float[][] features = new float[237][];
		boolean[] members = new boolean[features.length];
		for (int r = 0; r < features.length; r++) {
			members[r] = random.nextBoolean();
			float top = members[r] ? 0.8f + 0.2f * random.nextFloat() : random.nextFloat();
			float second = (1 - top) * random.nextFloat();
			features[r] = new float[] { top, second, Math.min(second, 1 - top - second) };
		}
		// rows on the ReLU's kink: every unit's input is exactly its bias, zero at first
		features[3] = new float[] { 0, 0, 0 };
		features[150] = new float[] { 0, 0, 0 };
		for (AttackMlp.Settings settings : List.of(new AttackMlp.Settings(64, 5, 100, 0.01, 21),
				new AttackMlp.Settings(64, 2, 7, 0.01, 22))) {
			double[] fast = AttackMlp.train(features, members, settings).parameters();
			double[] textbook = textbookTraining(features, members, settings);
			for (int p = 0; p < fast.length; p++) {
				assertThat(Double.doubleToRawLongBits(fast[p])).as("%s, parameter %d", settings, p)
					.isEqualTo(Double.doubleToRawLongBits(textbook[p]));
			}
			assertThat(inactiveUnits(settings.hiddenUnits(), textbook, features))
				.as("a check that could pass without the ReLU's gate")
				.isGreaterThan(features.length);
		}
	}

	@Test
	void scoresHaveTheBitsOfTheRowByRowForwardPass() {
		Random random = new Random(15);
		AttackMlp.Layout layout = new AttackMlp.Layout(3, 64);
		float[][] features = new float[300][3];
		boolean[] members = new boolean[features.length];
		for (int r = 0; r < features.length; r++) {
			members[r] = random.nextBoolean();
			for (int i = 0; i < 3; i++) {
				features[r][i] = random.nextFloat();
			}
		}
		AttackMlp model = AttackMlp.train(features, members, new AttackMlp.Settings(64, 3, 100, 0.01, 23));
		double[] scores = model.memberProbability(features);
		double[] hidden = new double[64];
		double[] probabilities = new double[2];
		for (int r = 0; r < features.length; r++) {
			double[] x = { features[r][0], features[r][1], features[r][2] };
			layout.forward(model.parameters(), x, hidden, probabilities);
			assertThat(Double.doubleToRawLongBits(scores[r])).as("row %d", r)
				.isEqualTo(Double.doubleToRawLongBits(probabilities[1]));
		}
	}

	@Test
	void theTwoWaySoftmaxHasTheBitsOfExponentiatingBothLogits() {
		Random random = new Random(13);
		double[] probabilities = new double[2];
		for (int trial = 0; trial < 10_000; trial++) {
			double z0 = random.nextGaussian() * 20;
			double z1 = (trial % 10 == 0) ? z0 : random.nextGaussian() * 20;
			AttackMlp.softmax(z0, z1, probabilities);
			double max = Math.max(z0, z1);
			double e0 = StrictMath.exp(z0 - max);
			double e1 = StrictMath.exp(z1 - max);
			double sum = e0 + e1;
			assertThat(probabilities[0]).as("%s, %s", z0, z1).isEqualTo(e0 / sum);
			assertThat(probabilities[1]).as("%s, %s", z0, z1).isEqualTo(e1 / sum);
		}
	}

	@Test
	void adamsFirstStepMovesEveryParameterByTheLearningRateAgainstItsGradient() {
		double[] params = { 1.0, -2.0, 0.5 };
		double[] gradient = { 3.0, -0.01, 250.0 };
		AttackMlp.adam(params, gradient, new double[3], new double[3], 0.001, 1);
		// bias-corrected m / sqrt(v) is g / |g| on the first step
		assertThat(params[0]).isCloseTo(1.0 - 0.001, within(1e-7));
		assertThat(params[1]).isCloseTo(-2.0 + 0.001, within(1e-7));
		assertThat(params[2]).isCloseTo(0.5 - 0.001, within(1e-7));
	}

	/** The gradient as the textbook writes it: row by row, unit by unit, class by class. */
	private static double[] textbookGradient(AttackMlp.Layout layout, double[] params, double[][] x, boolean[] members,
			int[] batch) {
		int width = layout.width();
		int units = layout.hidden();
		double[] gradient = new double[params.length];
		double[] hidden = new double[units];
		double[] probabilities = new double[2];
		double[] dz = new double[2];
		for (int row : batch) {
			layout.forward(params, x[row], hidden, probabilities);
			int label = members[row] ? 1 : 0;
			for (int c = 0; c < 2; c++) {
				dz[c] = (probabilities[c] - ((c == label) ? 1 : 0)) / batch.length;
				gradient[layout.outputBias() + c] += dz[c];
			}
			for (int j = 0; j < units; j++) {
				double dHidden = 0;
				for (int c = 0; c < 2; c++) {
					int weight = layout.outputWeights() + c * units + j;
					gradient[weight] += dz[c] * hidden[j];
					dHidden += params[weight] * dz[c];
				}
				if (hidden[j] > 0) {
					gradient[layout.hiddenBias() + j] += dHidden;
					for (int i = 0; i < width; i++) {
						gradient[j * width + i] += dHidden * x[row][i];
					}
				}
			}
		}
		return gradient;
	}

	/** Training as the textbook writes it: the textbook gradient of each minibatch, then an Adam step. */
	private static double[] textbookTraining(float[][] features, boolean[] members, AttackMlp.Settings settings) {
		AttackMlp.Layout layout = new AttackMlp.Layout(features[0].length, settings.hiddenUnits());
		double[][] x = new double[features.length][layout.width()];
		for (int r = 0; r < features.length; r++) {
			for (int i = 0; i < layout.width(); i++) {
				x[r][i] = features[r][i];
			}
		}
		double[] params = layout.xavier(settings.seed());
		double[] m = new double[params.length];
		double[] v = new double[params.length];
		Random order = new Random(settings.seed());
		int[] indices = IntStream.range(0, features.length).toArray();
		int step = 0;
		for (int epoch = 0; epoch < settings.epochs(); epoch++) {
			Shuffle.inPlace(indices, order);
			for (int start = 0; start < indices.length; start += settings.batchSize()) {
				int end = Math.min(indices.length, start + settings.batchSize());
				int[] batch = Arrays.copyOfRange(indices, start, end);
				double[] gradient = textbookGradient(layout, params, x, members, batch);
				step++;
				AttackMlp.adam(params, gradient, m, v, settings.learningRate(), step);
			}
		}
		return params;
	}

	/** How many (row, unit) pairs have a ReLU output of exactly zero. */
	private static int inactiveUnits(int units, double[] params, float[][] features) {
		AttackMlp.Layout layout = new AttackMlp.Layout(features[0].length, units);
		double[] hidden = new double[units];
		double[] probabilities = new double[2];
		int inactive = 0;
		for (float[] row : features) {
			double[] x = new double[row.length];
			for (int i = 0; i < row.length; i++) {
				x[i] = row[i];
			}
			layout.forward(params, x, hidden, probabilities);
			for (double h : hidden) {
				inactive += (h == 0) ? 1 : 0;
			}
		}
		return inactive;
	}

	private static double[] gaussians(Random random, int count) {
		double[] values = new double[count];
		for (int p = 0; p < count; p++) {
			values[p] = random.nextGaussian();
		}
		return values;
	}

	private static double[][] uniformRows(Random random, int rows, int width) {
		double[][] x = new double[rows][width];
		for (double[] row : x) {
			for (int i = 0; i < width; i++) {
				row[i] = random.nextDouble();
			}
		}
		return x;
	}

	private static double mean(double[] values, int from, int to) {
		double sum = 0;
		for (int p = from; p < to; p++) {
			sum += values[p];
		}
		return sum / (to - from);
	}

	private static double standardDeviation(double[] values, int from, int to) {
		double mean = mean(values, from, to);
		double sum = 0;
		for (int p = from; p < to; p++) {
			sum += (values[p] - mean) * (values[p] - mean);
		}
		return Math.sqrt(sum / (to - from));
	}

}
