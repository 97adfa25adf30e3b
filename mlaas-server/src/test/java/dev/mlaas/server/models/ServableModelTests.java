package dev.mlaas.server.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bytedeco.javacpp.Pointer;
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
	void aDenseNetworkAnswersWhatTheNetworkItselfAnswers() {
		MultiLayerNetwork network = network(Activation.TANH);
		ServableModel model = ServableModel.of(1, FEATURES, CLASSES, network);
		assertThat(model.pass()).isEqualTo("dense");

		for (int rows : new int[] { 1, 7, 64, 1000, 7, 1 }) {
			float[] features = features(new Random(rows), rows);
			float[][] served = model.predict(features, rows);
			float[][] direct = network.output(Nd4j.create(features, new long[] { rows, FEATURES }, 'c'), false)
				.toFloatMatrix();
			// the same ops; BLAS may block a product differently than DL4J's call does: at most a rounding apart
			assertThat(served).hasDimensions(rows, CLASSES);
			for (int r = 0; r < rows; r++) {
				for (int c = 0; c < CLASSES; c++) {
					assertThat(served[r][c]).as("row %d of %d, class %d", r, rows, c).isCloseTo(direct[r][c],
							org.assertj.core.data.Offset.offset(1e-6f));
				}
			}
		}
	}

	@Test
	void aNetworkTheDensePassDoesNotImplementIsServedByDl4jItself() {
		MultiLayerNetwork network = network(Activation.RELU);
		float[] features = features(new Random(1), 64);
		ServableModel model = ServableModel.of(1, FEATURES, CLASSES, network);

		float[][] served = model.predict(features, 64);

		assertThat(model.pass()).isEqualTo("dl4j-output");
		float[][] direct = network.output(Nd4j.create(features, new long[] { 64, FEATURES }, 'c'), false)
			.toFloatMatrix();
		assertThat(served).isDeepEqualTo(direct);
	}

	@Test
	void theDensePassAllocatesNoNativeMemoryPerCall() {
		ServableModel model = ServableModel.of(1, FEATURES, CLASSES, network(Activation.TANH));
		float[] single = features(new Random(1), 1);
		float[] batch = features(new Random(2), 100);
		model.predict(single, 1);
		model.predict(batch, 100);
		long tracked = Pointer.totalCount();

		for (int i = 0; i < 200; i++) {
			model.predict(single, 1);
			model.predict(batch, 100);
		}

		// each native array DL4J allocates is tracked until a collection finds it dead: output() adds about ten
		// per call, and processing them was most of the young pauses under load
		assertThat(Pointer.totalCount()).isLessThanOrEqualTo(tracked);
	}

	@Test
	void concurrentCallsGetTheSameAnswersAsOneAtATime() throws Exception {
		ServableModel model = ServableModel.of(1, FEATURES, CLASSES, network(Activation.TANH));
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

	/** Like the service's MLP recipe, with the given hidden activation. */
	private static MultiLayerNetwork network(Activation hidden) {
		MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
			.list()
			.layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(hidden).build())
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
