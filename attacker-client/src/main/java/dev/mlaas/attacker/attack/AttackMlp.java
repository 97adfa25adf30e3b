package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import dev.mlaas.attacker.data.Shuffle;

/**
 * The attack model of ML-Leaks, trained locally: one hidden layer of ReLU units and a two-way softmax (non-member,
 * member), trained on softmax cross-entropy averaged over each minibatch with Adam. Weights start as Xavier normal
 * draws, N(0, 2 / (fanIn + fanOut)) as DL4J defines {@code XAVIER}, biases at zero. Every random choice (weights and
 * batch order) comes from the seed, and the arithmetic is plain Java doubles, so the same features and seed give a
 * bit-identical model.
 * <p>
 * Hand-written rather than DL4J because DL4J's per-iteration overhead (about 1.2 ms) dominates a net of a few
 * hundred weights, and no well-kept Java library offers a small MLP with Adam (Tribuo has none natively).
 */
public final class AttackMlp {

	private static final double BETA1 = 0.9;

	private static final double BETA2 = 0.999;

	private static final double EPSILON = 1e-8;

	private static final int CLASSES = 2;

	private final Layout layout;

	private final double[] params;

	private AttackMlp(Layout layout, double[] params) {
		this.layout = layout;
		this.params = params;
	}

	/**
	 * Trains a throw-away model on made-up rows and scores them, so that the JIT has compiled the training and
	 * scoring loops before a real {@link #train}; meant for time the attacker spends waiting on the service anyway.
	 * Long enough for C2 to compile the minibatch gradient as a whole, not only its loops on the stack: after 30
	 * epochs (300 batches) the first real training took 0.5 s instead of 0.15 s; after 300, 0.15 to 0.2 s.
	 */
	public static void warmUp() {
		Random random = new Random(0);
		float[][] features = new float[1000][3];
		boolean[] members = new boolean[features.length];
		for (int i = 0; i < features.length; i++) {
			members[i] = random.nextBoolean();
			for (int j = 0; j < 3; j++) {
				features[i][j] = random.nextFloat();
			}
		}
		train(features, members, new Settings(64, 300, 100, 0.001, 0)).memberProbability(features);
	}

	public static AttackMlp train(float[][] features, boolean[] members, Settings settings) {
		int n = features.length;
		Layout layout = new Layout(features[0].length, settings.hiddenUnits());
		double[] params = layout.xavier(settings.seed());
		double[] gradient = new double[params.length];
		double[] m = new double[params.length];
		double[] v = new double[params.length];
		double[][] x = toDoubles(features);
		Random order = new Random(settings.seed());
		int[] indices = IntStream.range(0, n).toArray();
		Backprop backprop = new Backprop(layout);
		int step = 0;
		for (int epoch = 0; epoch < settings.epochs(); epoch++) {
			Shuffle.inPlace(indices, order);
			for (int start = 0; start < n; start += settings.batchSize()) {
				int[] batch = Arrays.copyOfRange(indices, start, Math.min(n, start + settings.batchSize()));
				backprop.gradient(params, x, members, batch, gradient);
				step++;
				adam(params, gradient, m, v, settings.learningRate(), step);
			}
		}
		return new AttackMlp(layout, params);
	}

	/**
	 * Adam (Kingma and Ba, 2015) in the form of the paper's section 2, which DL4J's updater also uses: the bias
	 * corrections folded into the step size, epsilon added to the uncorrected sqrt(v).
	 */
	static void adam(double[] params, double[] gradient, double[] m, double[] v, double learningRate, int step) {
		double stepSize = learningRate * Math.sqrt(1 - StrictMath.pow(BETA2, step)) / (1 - StrictMath.pow(BETA1, step));
		for (int p = 0; p < params.length; p++) {
			double g = gradient[p];
			m[p] = BETA1 * m[p] + (1 - BETA1) * g;
			v[p] = BETA2 * v[p] + (1 - BETA2) * g * g;
			params[p] -= stepSize * m[p] / (Math.sqrt(v[p]) + EPSILON);
		}
	}

	/** The probability that each row's record is a member. */
	public double[] memberProbability(float[][] features) {
		double[] hidden = new double[this.layout.hidden()];
		double[] probabilities = new double[CLASSES];
		double[] scores = new double[features.length];
		for (int r = 0; r < features.length; r++) {
			this.layout.forward(this.params, toDoubles(features[r]), hidden, probabilities);
			scores[r] = probabilities[1];
		}
		return scores;
	}

	/** A copy of the weights and biases, in {@link Layout}'s order. */
	double[] parameters() {
		return this.params.clone();
	}

	private static double[][] toDoubles(float[][] rows) {
		double[][] doubles = new double[rows.length][];
		for (int r = 0; r < rows.length; r++) {
			doubles[r] = toDoubles(rows[r]);
		}
		return doubles;
	}

	private static double[] toDoubles(float[] row) {
		double[] doubles = new double[row.length];
		for (int i = 0; i < row.length; i++) {
			doubles[i] = row[i];
		}
		return doubles;
	}

	/**
	 * Where each weight lives in one flat parameter array, so that Adam and the gradient check treat all of them
	 * alike: the hidden layer's weights (row j holds unit j's {@code width} inputs), its biases, the output layer's
	 * weights (row c holds class c's {@code hidden} inputs), its biases.
	 */
	record Layout(int width, int hidden) {

		int size() {
			return this.hidden * this.width + this.hidden + CLASSES * this.hidden + CLASSES;
		}

		int hiddenBias() {
			return this.hidden * this.width;
		}

		int outputWeights() {
			return hiddenBias() + this.hidden;
		}

		int outputBias() {
			return outputWeights() + CLASSES * this.hidden;
		}

		/** Xavier normal weights and zero biases, as DL4J's {@code WeightInit.XAVIER} for dense layers. */
		double[] xavier(long seed) {
			// a seed derived from the shuffle's, so that the initial weights and the batch order are independent
			// draws; java.util.Random because its Gaussians use StrictMath, the same bits on every JVM
			Random random = new Random(new SplittableRandom(seed).nextLong());
			double[] params = new double[size()];
			double hiddenScale = Math.sqrt(2.0 / (this.width + this.hidden));
			for (int p = 0; p < hiddenBias(); p++) {
				params[p] = random.nextGaussian() * hiddenScale;
			}
			double outputScale = Math.sqrt(2.0 / (this.hidden + CLASSES));
			for (int p = outputWeights(); p < outputBias(); p++) {
				params[p] = random.nextGaussian() * outputScale;
			}
			return params;
		}

		/** Fills {@code hidden} with the ReLU activations and {@code probabilities} with the softmax of one row. */
		void forward(double[] params, double[] x, double[] hidden, double[] probabilities) {
			for (int j = 0; j < this.hidden; j++) {
				double a = params[hiddenBias() + j];
				int row = j * this.width;
				for (int i = 0; i < this.width; i++) {
					a += params[row + i] * x[i];
				}
				hidden[j] = Math.max(0, a);
			}
			double z0 = params[outputBias()];
			double z1 = params[outputBias() + 1];
			for (int j = 0; j < this.hidden; j++) {
				z0 += params[outputWeights() + j] * hidden[j];
				z1 += params[outputWeights() + this.hidden + j] * hidden[j];
			}
			softmax(z0, z1, probabilities);
		}

		/** The mean cross-entropy of the rows {@code batch} of {@code x}; what {@link Backprop} differentiates. */
		double loss(double[] params, double[][] x, boolean[] members, int[] batch) {
			double[] hidden = new double[this.hidden];
			double[] probabilities = new double[CLASSES];
			double loss = 0;
			for (int row : batch) {
				forward(params, x[row], hidden, probabilities);
				loss -= StrictMath.log(probabilities[members[row] ? 1 : 0]);
			}
			return loss / batch.length;
		}

	}

	/**
	 * The two-way softmax, in the usual max-subtracted form: exp(0) is exactly 1, so it takes one exp for the
	 * smaller logit only and gives the bits of exponentiating both.
	 */
	static void softmax(double z0, double z1, double[] probabilities) {
		// StrictMath: Math.exp may differ between JVMs and CPUs, which would break bit-identical models
		if (z1 >= z0) {
			double e0 = StrictMath.exp(z0 - z1);
			double sum = e0 + 1;
			probabilities[0] = e0 / sum;
			probabilities[1] = 1 / sum;
		}
		else {
			double e1 = StrictMath.exp(z1 - z0);
			double sum = 1 + e1;
			probabilities[0] = 1 / sum;
			probabilities[1] = e1 / sum;
		}
	}

	/**
	 * The gradient of {@link Layout#loss} for one minibatch. Rows go in the batch's order and every sum keeps the
	 * textbook loop's order, so the bits are those of the row-by-row definition; but each row's loops run along
	 * the hidden units with nothing carried from one unit to the next, which the JIT compiles to vector
	 * instructions. It does so only for arrays indexed from zero (JDK 17 leaves {@code a[offset + j] += ...}
	 * scalar, 2.6 times slower on 64 units), hence the weights and gradient pieces are copied to and from arrays
	 * of their own once a batch, the hidden layer's input-major.
	 */
	static final class Backprop {

		private final Layout layout;

		private final double[][] hiddenWeights;

		private final double[] hiddenBias;

		private final double[][] outputWeights;

		private final double[][] hiddenWeightsGradient;

		private final double[] hiddenBiasGradient;

		private final double[][] outputWeightsGradient;

		private final double[] hidden;

		private final double[] hiddenGradient;

		private final double[] probabilities = new double[CLASSES];

		Backprop(Layout layout) {
			this.layout = layout;
			this.hiddenWeights = new double[layout.width()][layout.hidden()];
			this.hiddenBias = new double[layout.hidden()];
			this.outputWeights = new double[CLASSES][layout.hidden()];
			this.hiddenWeightsGradient = new double[layout.width()][layout.hidden()];
			this.hiddenBiasGradient = new double[layout.hidden()];
			this.outputWeightsGradient = new double[CLASSES][layout.hidden()];
			this.hidden = new double[layout.hidden()];
			this.hiddenGradient = new double[layout.hidden()];
		}

		/** Writes the gradient of the mean cross-entropy of the rows {@code batch} of {@code x} into {@code gradient}. */
		void gradient(double[] params, double[][] x, boolean[] members, int[] batch, double[] gradient) {
			int width = this.layout.width();
			int units = this.layout.hidden();
			unpack(params);
			double[] b = this.hiddenBias;
			double[] v0 = this.outputWeights[0];
			double[] v1 = this.outputWeights[1];
			double bias0 = params[this.layout.outputBias()];
			double bias1 = params[this.layout.outputBias() + 1];
			double[] gb = this.hiddenBiasGradient;
			double[] gv0 = this.outputWeightsGradient[0];
			double[] gv1 = this.outputWeightsGradient[1];
			double gBias0 = 0;
			double gBias1 = 0;
			double[] h = this.hidden;
			double[] dh = this.hiddenGradient;
			for (int row : batch) {
				double[] input = x[row];
				System.arraycopy(b, 0, h, 0, units);
				for (int i = 0; i < width; i++) {
					double[] w = this.hiddenWeights[i];
					double xi = input[i];
					for (int j = 0; j < units; j++) {
						h[j] += w[j] * xi;
					}
				}
				for (int j = 0; j < units; j++) {
					h[j] = Math.max(0, h[j]);
				}
				double z0 = bias0;
				double z1 = bias1;
				for (int j = 0; j < units; j++) {
					z0 += v0[j] * h[j];
					z1 += v1[j] * h[j];
				}
				softmax(z0, z1, this.probabilities);
				// softmax and cross-entropy together: dLoss/dz = p - onehot(label), averaged over the batch
				int label = members[row] ? 1 : 0;
				double dz0 = (this.probabilities[0] - ((label == 0) ? 1 : 0)) / batch.length;
				double dz1 = (this.probabilities[1] - ((label == 1) ? 1 : 0)) / batch.length;
				gBias0 += dz0;
				gBias1 += dz1;
				for (int j = 0; j < units; j++) {
					gv0[j] += dz0 * h[j];
					gv1[j] += dz1 * h[j];
				}
				for (int j = 0; j < units; j++) {
					// a unit that did not fire adds (signed) zeros, which leave a sum that started at +0 unchanged
					dh[j] = (h[j] > 0) ? v0[j] * dz0 + v1[j] * dz1 : 0;
				}
				for (int j = 0; j < units; j++) {
					gb[j] += dh[j];
				}
				for (int i = 0; i < width; i++) {
					double[] gw = this.hiddenWeightsGradient[i];
					double xi = input[i];
					for (int j = 0; j < units; j++) {
						gw[j] += dh[j] * xi;
					}
				}
			}
			pack(gradient, gBias0, gBias1);
		}

		private void unpack(double[] params) {
			int width = this.layout.width();
			int units = this.layout.hidden();
			for (int j = 0; j < units; j++) {
				for (int i = 0; i < width; i++) {
					this.hiddenWeights[i][j] = params[j * width + i];
				}
			}
			System.arraycopy(params, this.layout.hiddenBias(), this.hiddenBias, 0, units);
			for (int c = 0; c < CLASSES; c++) {
				System.arraycopy(params, this.layout.outputWeights() + c * units, this.outputWeights[c], 0, units);
				Arrays.fill(this.outputWeightsGradient[c], 0);
			}
			for (double[] gw : this.hiddenWeightsGradient) {
				Arrays.fill(gw, 0);
			}
			Arrays.fill(this.hiddenBiasGradient, 0);
		}

		private void pack(double[] gradient, double gBias0, double gBias1) {
			int width = this.layout.width();
			int units = this.layout.hidden();
			for (int j = 0; j < units; j++) {
				for (int i = 0; i < width; i++) {
					gradient[j * width + i] = this.hiddenWeightsGradient[i][j];
				}
			}
			System.arraycopy(this.hiddenBiasGradient, 0, gradient, this.layout.hiddenBias(), units);
			for (int c = 0; c < CLASSES; c++) {
				System.arraycopy(this.outputWeightsGradient[c], 0, gradient, this.layout.outputWeights() + c * units,
						units);
			}
			gradient[this.layout.outputBias()] = gBias0;
			gradient[this.layout.outputBias() + 1] = gBias1;
		}

	}

	/** Hyper-parameters of the attack model (ML-Leaks: 64 hidden units). */
	public record Settings(int hiddenUnits, int epochs, int batchSize, double learningRate, long seed) {

		public static Settings mlLeaks(long seed) {
			return new Settings(64, 100, 100, 0.001, seed);
		}

	}

}
