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
	 * Trains a throw-away model on made-up rows, so that the JIT has compiled the training loop before a real
	 * {@link #train}; meant for time the attacker spends waiting on the service anyway.
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
		train(features, members, new Settings(64, 30, 100, 0.001, 0));
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
		int step = 0;
		for (int epoch = 0; epoch < settings.epochs(); epoch++) {
			Shuffle.inPlace(indices, order);
			for (int start = 0; start < n; start += settings.batchSize()) {
				int[] batch = Arrays.copyOfRange(indices, start, Math.min(n, start + settings.batchSize()));
				layout.lossAndGradient(params, x, members, batch, gradient);
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

		private int hiddenBias() {
			return this.hidden * this.width;
		}

		private int outputWeights() {
			return hiddenBias() + this.hidden;
		}

		private int outputBias() {
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
			double[] z = new double[CLASSES];
			double max = Double.NEGATIVE_INFINITY;
			for (int c = 0; c < CLASSES; c++) {
				double a = params[outputBias() + c];
				int row = outputWeights() + c * this.hidden;
				for (int j = 0; j < this.hidden; j++) {
					a += params[row + j] * hidden[j];
				}
				z[c] = a;
				max = Math.max(max, a);
			}
			double sum = 0;
			for (int c = 0; c < CLASSES; c++) {
				// StrictMath: Math.exp may differ between JVMs and CPUs, which would break bit-identical models
				probabilities[c] = StrictMath.exp(z[c] - max);
				sum += probabilities[c];
			}
			for (int c = 0; c < CLASSES; c++) {
				probabilities[c] /= sum;
			}
		}

		/**
		 * The mean cross-entropy of the rows {@code batch} of {@code x}; writes its gradient with respect to every
		 * parameter into {@code gradient}.
		 */
		double lossAndGradient(double[] params, double[][] x, boolean[] members, int[] batch, double[] gradient) {
			Arrays.fill(gradient, 0);
			double[] hidden = new double[this.hidden];
			double[] probabilities = new double[CLASSES];
			double[] dz = new double[CLASSES];
			double loss = 0;
			for (int row : batch) {
				forward(params, x[row], hidden, probabilities);
				int label = members[row] ? 1 : 0;
				loss -= StrictMath.log(probabilities[label]);
				// softmax and cross-entropy together: dLoss/dz = p - onehot(label), averaged over the batch
				for (int c = 0; c < CLASSES; c++) {
					dz[c] = (probabilities[c] - ((c == label) ? 1 : 0)) / batch.length;
					gradient[outputBias() + c] += dz[c];
				}
				for (int j = 0; j < this.hidden; j++) {
					double dHidden = 0;
					for (int c = 0; c < CLASSES; c++) {
						int weight = outputWeights() + c * this.hidden + j;
						gradient[weight] += dz[c] * hidden[j];
						dHidden += params[weight] * dz[c];
					}
					if (hidden[j] > 0) {
						gradient[hiddenBias() + j] += dHidden;
						int weights = j * this.width;
						for (int i = 0; i < this.width; i++) {
							gradient[weights + i] += dHidden * x[row][i];
						}
					}
				}
			}
			return loss / batch.length;
		}

	}

	/** Hyper-parameters of the attack model (ML-Leaks: 64 hidden units). */
	public record Settings(int hiddenUnits, int epochs, int batchSize, double learningRate, long seed) {

		public static Settings mlLeaks(long seed) {
			return new Settings(64, 100, 100, 0.001, seed);
		}

	}

}
