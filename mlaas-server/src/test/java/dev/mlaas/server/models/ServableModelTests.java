package dev.mlaas.server.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static org.assertj.core.api.Assertions.assertThat;

class ServableModelTests {

	private static final int FEATURES = 20;

	private static final int CLASSES = 5;

	@Test
	void answersWhatTheNetworkItselfAnswers() {
		MultiLayerNetwork network = network();
		float[] features = features(new Random(1), 64);

		float[][] served = new ServableModel(1, FEATURES, CLASSES, network).predict(features, 64);

		float[][] direct = network.output(Nd4j.create(features, new long[] { 64, FEATURES }, 'c'), false)
			.toFloatMatrix();
		assertThat(served).isDeepEqualTo(direct);
	}

	@Test
	void concurrentCallsGetTheSameAnswersAsOneAtATime() throws Exception {
		ServableModel model = new ServableModel(1, FEATURES, CLASSES, network());
		List<float[]> inputs = new ArrayList<>();
		List<float[][]> expected = new ArrayList<>();
		Random random = new Random(2);
		for (int i = 0; i < 8; i++) {
			inputs.add(features(random, 100));
			expected.add(model.predict(inputs.get(i), 100));
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<float[][]>> answers = new ArrayList<>();
			for (int round = 0; round < 25; round++) {
				for (float[] input : inputs) {
					answers.add(pool.submit(() -> model.predict(input, 100)));
				}
			}
			for (int i = 0; i < answers.size(); i++) {
				assertThat(answers.get(i).get()).isDeepEqualTo(expected.get(i % inputs.size()));
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private static MultiLayerNetwork network() {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
			.list()
			.layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(16)
				.nOut(CLASSES)
				.activation(Activation.SOFTMAX)
				.build())
			.build());
		network.init();
		return network;
	}

	private static float[] features(Random random, int rows) {
		float[] features = new float[rows * FEATURES];
		for (int i = 0; i < features.length; i++) {
			features[i] = random.nextFloat();
		}
		return features;
	}

}
