package dev.mlaas.attacker.attack;

import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.mlaas.attacker.data.Shuffle;

/**
 * The attack model of ML-Leaks, trained locally: one hidden layer of 64 units and a two-way softmax (non-member,
 * member). Seeded, with a seeded batch order, so the same features give the same model.
 */
public final class AttackMlp {

	private final MultiLayerNetwork network;

	private AttackMlp(MultiLayerNetwork network) {
		this.network = network;
	}

	public static AttackMlp train(float[][] features, boolean[] members, Settings settings) {
		int n = features.length;
		int width = features[0].length;
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(settings.seed())
			.updater(new Adam(settings.learningRate()))
			.weightInit(WeightInit.XAVIER)
			.list()
			.layer(new DenseLayer.Builder().nIn(width).nOut(settings.hiddenUnits()).activation(Activation.RELU).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(settings.hiddenUnits())
				.nOut(2)
				.activation(Activation.SOFTMAX)
				.build())
			.build());
		network.init();
		INDArray x = Nd4j.create(features);
		float[][] oneHot = new float[n][2];
		for (int i = 0; i < n; i++) {
			oneHot[i][members[i] ? 1 : 0] = 1f;
		}
		INDArray y = Nd4j.create(oneHot);
		Random order = new Random(settings.seed());
		int[] indices = java.util.stream.IntStream.range(0, n).toArray();
		for (int epoch = 0; epoch < settings.epochs(); epoch++) {
			Shuffle.inPlace(indices, order);
			for (int start = 0; start < n; start += settings.batchSize()) {
				int[] batch = java.util.Arrays.copyOfRange(indices, start, Math.min(n, start + settings.batchSize()));
				network.fit(new DataSet(Nd4j.pullRows(x, 1, batch), Nd4j.pullRows(y, 1, batch)));
			}
		}
		return new AttackMlp(network);
	}

	/**
	 * Loads the native backend and JIT-compiles the training path on a throw-away model, so that a later
	 * {@link #train} does not pay for it; meant to run while the attacker waits on the service anyway.
	 */
	public static void warmUp() {
		float[][] features = { { 0.9f, 0.05f, 0.05f }, { 0.4f, 0.35f, 0.25f } };
		train(features, new boolean[] { true, false }, new Settings(64, 20, 2, 0.001, 0));
	}

	/** The probability that each row's record is a member. */
	public double[] memberProbability(float[][] features) {
		INDArray out = this.network.output(Nd4j.create(features), false);
		double[] scores = new double[features.length];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = out.getDouble(i, 1);
		}
		return scores;
	}

	/** Hyper-parameters of the attack model (ML-Leaks: 64 hidden units). */
	public record Settings(int hiddenUnits, int epochs, int batchSize, double learningRate, long seed) {

		public static Settings mlLeaks(long seed) {
			return new Settings(64, 100, 100, 0.001, seed);
		}

	}

}
