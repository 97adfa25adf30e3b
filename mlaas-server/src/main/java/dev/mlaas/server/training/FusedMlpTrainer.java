package dev.mlaas.server.training;

import java.util.List;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Trains a dense MLP (TANH hidden layers, softmax output with MCXENT loss, Adam or SGD, optional regularization) in
 * place of {@link MultiLayerNetwork#fit}: the same forward pass, loss gradient, averaging over the minibatch,
 * regularization and updater as DL4J, as a fixed sequence of native ops into buffers allocated once.
 * <p>
 * It exists because DL4J's own fit spends most of a small net's iteration on per-op bookkeeping rather than
 * arithmetic (see stack.md, "Making DL4J fast"). It updates the network's own parameter views and iteration count,
 * so the network serializes and serves exactly as if fit had trained it. Anything it does not implement (dropout,
 * other layers, activations or losses) is refused by {@link #supports}, and the caller keeps using fit.
 */
final class FusedMlpTrainer {

	private final MultiLayerNetwork network;

	private final Layer[] layers;

	private final INDArray parameters;

	private final INDArray gradient;

	private final GradientUpdater<?> updater;

	private final INDArray features;

	private final INDArray labels;

	private Buffers full;

	private Buffers remainder;

	FusedMlpTrainer(MultiLayerNetwork network, INDArray features, INDArray labels) {
		if (!supports(network)) {
			throw new IllegalArgumentException("not a network the fused loop implements: " + describe(network));
		}
		this.network = network;
		this.features = features;
		this.labels = labels;
		this.parameters = network.params();
		this.gradient = Nd4j.zeros(DataType.FLOAT, this.parameters.shape());
		int count = network.getnLayers();
		this.layers = new Layer[count];
		long offset = 0;
		for (int i = 0; i < count; i++) {
			NeuralNetConfiguration conf = network.getLayer(i).conf();
			long size = network.getLayer(i).numParams();
			// DL4J's own layout of a layer's gradient in the flat view, so one updater op covers the whole net
			var views = DefaultParamInitializer.getInstance()
				.getGradientsFromFlattened(conf,
						this.gradient.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + size)));
			BaseLayer layerConf = (BaseLayer) conf.getLayer();
			this.layers[i] = new Layer(network.getParam(i + "_W"), network.getParam(i + "_b"),
					views.get(DefaultParamInitializer.WEIGHT_KEY), views.get(DefaultParamInitializer.BIAS_KEY),
					layerConf.getRegularization(), layerConf.getRegularizationBias());
			offset += size;
		}
		IUpdater updaterConf = ((BaseLayer) network.getLayer(0).conf().getLayer()).getIUpdater();
		long stateSize = updaterConf.stateSize(this.parameters.length());
		INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
		this.updater = updaterConf.instantiate(state, true);
	}

	/**
	 * Whether the fused loop trains this network as fit would: dense TANH layers with biases, then one
	 * softmax/MCXENT output layer; Adam or SGD, the same for every parameter; no dropout, weight noise, constraints,
	 * gradient normalization, preprocessors or truncated backprop; float parameters.
	 */
	static boolean supports(MultiLayerNetwork network) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		int count = conf.getConfs().size();
		if (count < 1 || conf.getBackpropType() != BackpropType.Standard || !conf.getInputPreProcessors().isEmpty()
				|| network.params() == null || network.params().dataType() != DataType.FLOAT) {
			return false;
		}
		IUpdater updater = null;
		for (int i = 0; i < count; i++) {
			NeuralNetConfiguration layerConf = conf.getConf(i);
			if (!layerConf.isMiniBatch() || !(layerConf.getLayer() instanceof BaseLayer layer)
					|| !plain(layer) || !(layer.getIUpdater() instanceof Adam || layer.getIUpdater() instanceof Sgd)
					|| (layer.getBiasUpdater() != null && !layer.getBiasUpdater().equals(layer.getIUpdater()))
					|| (updater != null && !updater.equals(layer.getIUpdater()))) {
				return false;
			}
			updater = layer.getIUpdater();
			boolean last = i == count - 1;
			boolean fits = last ? layer.getClass() == OutputLayer.class && output((OutputLayer) layer)
					: layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias()
							&& !((DenseLayer) layer).isHasLayerNorm()
							&& layer.getActivationFn() instanceof ActivationTanH;
			if (!fits) {
				return false;
			}
		}
		return true;
	}

	private static boolean plain(BaseLayer layer) {
		return layer.getIDropout() == null && layer.getWeightNoise() == null
				&& (layer.getConstraints() == null || layer.getConstraints().isEmpty())
				&& (layer.getGradientNormalization() == null
						|| layer.getGradientNormalization() == GradientNormalization.None);
	}

	private static boolean output(OutputLayer layer) {
		return layer.hasBias() && layer.getActivationFn() instanceof ActivationSoftmax
				&& layer.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null;
	}

	private static String describe(MultiLayerNetwork network) {
		return network.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer().toString()).toList()
			.toString();
	}

	/** One minibatch step on the given rows of the features and one-hot labels, like fit on those rows. */
	void fit(int[] rows) {
		Buffers buffers = buffers(rows.length);
		Nd4j.pullRows(this.features, buffers.input, 1, rows);
		Nd4j.pullRows(this.labels, buffers.labels, 1, rows);
		forward(buffers);
		backward(buffers);
		update(rows.length);
	}

	private void forward(Buffers buffers) {
		INDArray input = buffers.input;
		for (int i = 0; i < this.layers.length; i++) {
			INDArray preOutput = buffers.preOutputs[i];
			Nd4j.gemm(input, this.layers[i].weights, preOutput, false, false, 1.0, 0.0);
			preOutput.addiRowVector(this.layers[i].bias);
			if (i < this.layers.length - 1) {
				Nd4j.exec(new Tanh(preOutput, buffers.activations[i]));
				input = buffers.activations[i];
			}
			else {
				Nd4j.exec(new SoftMax(preOutput, preOutput));
			}
		}
	}

	/** Gradients summed over the minibatch, like DL4J's layers compute them; {@link #update} averages them. */
	private void backward(Buffers buffers) {
		int last = this.layers.length - 1;
		// softmax with MCXENT: dLoss/dPreOutput = probabilities - labels
		INDArray delta = buffers.preOutputs[last].subi(buffers.labels);
		for (int i = last; i >= 0; i--) {
			Layer layer = this.layers[i];
			INDArray input = i == 0 ? buffers.input : buffers.activations[i - 1];
			Nd4j.gemm(input, delta, layer.weightGradient, true, false, 1.0, 0.0);
			delta.sum(layer.biasGradient, true, 0);
			if (i > 0) {
				// the first layer's input gradient is never needed (DL4J computes it anyway)
				INDArray epsilon = buffers.epsilons[i - 1];
				Nd4j.gemm(delta, layer.weights, epsilon, false, true, 1.0, 0.0);
				Nd4j.exec(new TanhDerivative(buffers.preOutputs[i - 1], epsilon, epsilon));
				delta = epsilon;
			}
		}
	}

	/** As DL4J's updater does it: average, regularization before the updater, updater, decay after, then step. */
	private void update(int batchSize) {
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
		for (Layer layer : this.layers) {
			apply(layer.weightRegularization, step, layer.weights, layer.weightGradient, learningRate, iteration, epoch);
			apply(layer.biasRegularization, step, layer.bias, layer.biasGradient, learningRate, iteration, epoch);
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

	private Buffers buffers(int batchSize) {
		if (this.full == null) {
			this.full = new Buffers(batchSize);
		}
		if (this.full.size == batchSize) {
			return this.full;
		}
		if (this.remainder == null || this.remainder.size != batchSize) {
			this.remainder = new Buffers(batchSize);
		}
		return this.remainder;
	}

	/** A layer's parameter views (the network's own) and gradient views (into the flat gradient). */
	private record Layer(INDArray weights, INDArray bias, INDArray weightGradient, INDArray biasGradient,
			List<Regularization> weightRegularization, List<Regularization> biasRegularization) {
	}

	/** Everything one minibatch of a given size needs, allocated once. */
	private final class Buffers {

		final int size;

		final INDArray input;

		final INDArray labels;

		final INDArray[] preOutputs;

		final INDArray[] activations;

		final INDArray[] epsilons;

		Buffers(int size) {
			this.size = size;
			this.input = Nd4j.create(DataType.FLOAT, size, FusedMlpTrainer.this.features.columns());
			this.labels = Nd4j.create(DataType.FLOAT, size, FusedMlpTrainer.this.labels.columns());
			int count = FusedMlpTrainer.this.layers.length;
			this.preOutputs = new INDArray[count];
			this.activations = new INDArray[count - 1];
			this.epsilons = new INDArray[count - 1];
			for (int i = 0; i < count; i++) {
				long units = FusedMlpTrainer.this.layers[i].bias.length();
				this.preOutputs[i] = Nd4j.create(DataType.FLOAT, size, units);
				if (i < count - 1) {
					this.activations[i] = Nd4j.create(DataType.FLOAT, size, units);
					this.epsilons[i] = Nd4j.create(DataType.FLOAT, size, units);
				}
			}
		}

	}

}
