package dev.mlaas.server.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.datasets.Records;

import static org.assertj.core.api.Assertions.assertThat;

/** The network a job leaves in memory serves a model's first queries, so it must answer as the stored copy does. */
class TrainedNetworkTests {

	@Test
	void anMlpLeftInMemoryAnswersExactlyAsItsStoredCopy() throws IOException {
		Records records = FusedLoopChecks.randomRecords(200, new int[] { 30 }, 4, 1, Random::nextFloat);
		Trainer.Result result = Trainer.train(
				new TrainingRecipe(TrainingRecipe.MLP, List.of(16), 3, 50, 0.01, TrainingRecipe.ADAM, 0.0, 7), records,
				4, epoch -> {
				});

		assertSameAnswers(result, records);
	}

	@Test
	void aCnnLeftInMemoryAnswersExactlyAsItsStoredCopy() throws IOException {
		Records records = FusedLoopChecks.randomRecords(120, new int[] { 16, 16 }, 3, 2, Random::nextFloat);
		Trainer.Result result = Trainer.train(
				new TrainingRecipe(TrainingRecipe.CNN, List.of(8), 2, 40, 0.01, TrainingRecipe.ADAM, 0.0, 7), records,
				3, epoch -> {
				});

		assertSameAnswers(result, records);
	}

	private static void assertSameAnswers(Trainer.Result result, Records records) throws IOException {
		MultiLayerNetwork stored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(result.weights()),
				false);
		INDArray input = Nd4j.create(records.features(), new long[] { records.size(), records.numFeatures() }, 'c');

		assertThat(result.network().output(input, false).toFloatMatrix())
			.isDeepEqualTo(stored.output(input, false).toFloatMatrix());
	}

}
