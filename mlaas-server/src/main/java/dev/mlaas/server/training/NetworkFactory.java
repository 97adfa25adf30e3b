package dev.mlaas.server.training;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.mlaas.server.common.OneDnn;

/**
 * Builds the networks the service trains: the ML-Leaks MLP and CNN (see science.md, "Reference experiment"), with
 * oneDNN doing the CNN's convolutions and pooling.
 */
final class NetworkFactory {

	private NetworkFactory() {
	}

	static MultiLayerConfiguration build(TrainingRecipe recipe, int[] recordShape, int numClasses) {
		OneDnn.enable();
		boolean cnn = TrainingRecipe.CNN.equals(recipe.architecture());
		NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().seed(recipe.seed())
			// keeps the conv layers' im2col buffers between iterations: measured 1.7 -> 1.3 s per CNN epoch
			.cacheMode(cnn ? CacheMode.DEVICE : CacheMode.NONE)
			.updater(updater(recipe))
			.weightInit(TrainingRecipe.UNIFORM.equals(recipe.weightInit()) ? WeightInit.UNIFORM : WeightInit.XAVIER)
			.l2(recipe.l2())
			.list();
		if (cnn) {
			int height = recordShape[0];
			int width = recordShape[1];
			layers.layer(new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU).build())
				.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
					.stride(2, 2)
					.build())
				.layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
				.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
					.stride(2, 2)
					.build());
			for (int units : recipe.hiddenUnits()) {
				layers.layer(dropout(new DenseLayer.Builder(), recipe).nOut(units).activation(Activation.TANH).build());
			}
			layers.layer(output(numClasses, recipe)).setInputType(InputType.convolutionalFlat(height, width, 1));
		}
		else {
			int features = java.util.Arrays.stream(recordShape).reduce(1, Math::multiplyExact);
			for (int units : recipe.hiddenUnits()) {
				layers.layer(dropout(new DenseLayer.Builder(), recipe).nOut(units).activation(Activation.TANH).build());
			}
			layers.layer(output(numClasses, recipe)).setInputType(InputType.feedForward(features));
		}
		return layers.build();
	}

	private static OutputLayer output(int numClasses, TrainingRecipe recipe) {
		return dropout(new OutputLayer.Builder(LossFunction.MCXENT), recipe).nOut(numClasses)
			.activation(Activation.SOFTMAX)
			.build();
	}

	/**
	 * The recipe's dropout on a dense layer's inputs. DL4J takes the probability of keeping an input, not of
	 * dropping it, and applies it in training only.
	 */
	private static <T extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<T>> T dropout(T layer,
			TrainingRecipe recipe) {
		return (recipe.dropout() != null) ? layer.dropOut(1 - recipe.dropout()) : layer;
	}

	private static IUpdater updater(TrainingRecipe recipe) {
		return TrainingRecipe.SGD.equals(recipe.optimizer()) ? new Sgd(recipe.learningRate())
				: new Adam(recipe.learningRate());
	}

}
