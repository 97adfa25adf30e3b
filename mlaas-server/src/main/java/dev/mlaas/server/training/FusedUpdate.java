package dev.mlaas.server.training;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The step both fused loops end a minibatch with, as DL4J's updater takes it: one flat gradient laid out as DL4J
 * lays out the network's parameters, averaged over the minibatch, regularization before the updater, the updater on
 * the whole gradient in one op, decay after it, then the step on the network's own parameters.
 */
final class FusedUpdate {

	private final MultiLayerNetwork network;

	private final INDArray parameters;

	private final INDArray gradient;

	private final GradientUpdater<?> updater;

	/** Each layer's parameter and gradient views, by layer index; null for layers without parameters. */
	private final LayerParams[] layers;

	FusedUpdate(MultiLayerNetwork network) {
		this.network = network;
		this.parameters = network.params();
		this.gradient = Nd4j.zeros(DataType.FLOAT, this.parameters.shape());
		this.layers = new LayerParams[network.getnLayers()];
		long offset = 0;
		for (int i = 0; i < this.layers.length; i++) {
			NeuralNetConfiguration conf = network.getLayer(i).conf();
			long size = network.getLayer(i).numParams();
			if (size > 0) {
				INDArray view = this.gradient.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + size));
				// DL4J's own layout of a layer's gradient in the flat view, so one updater op covers the whole net
				Map<String, INDArray> views = (conf.getLayer() instanceof ConvolutionLayer)
						? ConvolutionParamInitializer.getInstance().getGradientsFromFlattened(conf, view)
						: DefaultParamInitializer.getInstance().getGradientsFromFlattened(conf, view);
				BaseLayer layer = (BaseLayer) conf.getLayer();
				this.layers[i] = new LayerParams(network.getParam(i + "_W"), network.getParam(i + "_b"),
						views.get(DefaultParamInitializer.WEIGHT_KEY), views.get(DefaultParamInitializer.BIAS_KEY),
						layer.getRegularization(), layer.getRegularizationBias());
			}
			offset += size;
		}
		IUpdater updaterConf = ((BaseLayer) network.getLayer(0).conf().getLayer()).getIUpdater();
		long stateSize = updaterConf.stateSize(this.parameters.length());
		INDArray state = (stateSize == 0) ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
		this.updater = updaterConf.instantiate(state, true);
	}

	/**
	 * Whether this step takes the network's updates as fit would: float parameters, minibatch layers, Adam or SGD,
	 * the same for every parameter, and no dropout, weight noise, constraints or gradient normalization.
	 */
	static boolean supports(MultiLayerNetwork network) {
		return supports(network, false);
	}

	/**
	 * The same, but allowing DL4J's plain {@link Dropout} (a fixed probability) on dense and output layers when
	 * {@code denseDropout}: the loop's {@link DenseTail} then drops their inputs itself.
	 */
	static boolean supports(MultiLayerNetwork network, boolean denseDropout) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		if (network.params() == null || network.params().dataType() != DataType.FLOAT) {
			return false;
		}
		IUpdater updater = null;
		for (NeuralNetConfiguration layerConf : conf.getConfs()) {
			if (!layerConf.isMiniBatch()) {
				return false;
			}
			if (layerConf.getLayer() instanceof BaseLayer layer) {
				IUpdater own = layer.getIUpdater();
				if (!plain(layer, denseDropout) || !(own instanceof Adam || own instanceof Sgd)
						|| (layer.getBiasUpdater() != null && !layer.getBiasUpdater().equals(own))
						|| (updater != null && !updater.equals(own))) {
					return false;
				}
				updater = own;
			}
		}
		return true;
	}

	private static boolean plain(BaseLayer layer, boolean denseDropout) {
		boolean dropout = layer.getIDropout() == null || (denseDropout && keepProbability(layer) > 0
				&& (layer instanceof DenseLayer || layer instanceof OutputLayer));
		return dropout && layer.getWeightNoise() == null
				&& (layer.getConstraints() == null || layer.getConstraints().isEmpty())
				&& (layer.getGradientNormalization() == null
						|| layer.getGradientNormalization() == GradientNormalization.None);
	}

	/**
	 * The probability that {@code layer} keeps each input: 1 without dropout, DL4J's {@link Dropout} probability
	 * with a plain one, and 0 for any other kind (a schedule, Gaussian dropout, ...), which no fused loop implements.
	 */
	static double keepProbability(org.deeplearning4j.nn.conf.layers.Layer layer) {
		if (layer.getIDropout() == null) {
			return 1.0;
		}
		if (layer.getIDropout().getClass() == Dropout.class && ((Dropout) layer.getIDropout()).getPSchedule() == null) {
			double p = ((Dropout) layer.getIDropout()).getP();
			return (p > 0 && p <= 1) ? p : 0;
		}
		return 0;
	}

	/** Every layer's parameter and gradient views, in order (a dense network's, with no null among them). */
	List<LayerParams> layers() {
		return java.util.Arrays.asList(this.layers);
	}

	/** Layer {@code index}'s parameter and gradient views. */
	LayerParams layer(int index) {
		return this.layers[index];
	}

	/** The flat gradient the loops write into, laid out as DL4J lays out the network's parameters. */
	INDArray gradient() {
		return this.gradient;
	}

	/** Takes the step for the gradients summed over a minibatch of {@code batchSize} rows. */
	void apply(int batchSize) {
		int iteration = this.network.getIterationCount();
		int epoch = this.network.getEpochCount();
		this.gradient.divi(batchSize);
		double learningRate = this.updater.getConfig().hasLearningRate()
				? this.updater.getConfig().getLearningRate(iteration, epoch) : 1.0;
		regularize(Regularization.ApplyStep.BEFORE_UPDATER, learningRate, iteration, epoch);
		this.updater.applyUpdater(this.gradient, iteration, epoch);
		regularize(Regularization.ApplyStep.POST_UPDATER, learningRate, iteration, epoch);
		this.parameters.subi(this.gradient);
		this.network.setIterationCount(iteration + 1);
	}

	private void regularize(Regularization.ApplyStep step, double learningRate, int iteration, int epoch) {
		for (LayerParams layer : this.layers) {
			if (layer != null) {
				apply(layer.weightRegularization(), step, layer.weights(), layer.weightGradient(), learningRate,
						iteration, epoch);
				apply(layer.biasRegularization(), step, layer.bias(), layer.biasGradient(), learningRate, iteration,
						epoch);
			}
		}
	}

	private static void apply(List<Regularization> regularizations, Regularization.ApplyStep step, INDArray parameter,
			INDArray gradient, double learningRate, int iteration, int epoch) {
		if (regularizations == null) {
			return;
		}
		for (Regularization regularization : regularizations) {
			if (regularization.applyStep() == step) {
				regularization.apply(parameter, gradient, learningRate, iteration, epoch);
			}
		}
	}

	/** A layer's parameter views (the network's own) and gradient views (into the flat gradient). */
	record LayerParams(INDArray weights, INDArray bias, INDArray weightGradient, INDArray biasGradient,
			List<Regularization> weightRegularization, List<Regularization> biasRegularization) {
	}

}
