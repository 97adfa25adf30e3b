package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
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
 * Trains a small CNN (ReLU convolutions and max pooling, then TANH dense layers and a softmax/MCXENT output) in
 * place of {@link MultiLayerNetwork#fit}: the same oneDNN convolution and pooling ops DL4J's helpers call, the same
 * loss gradient, averaging, regularization and updater, as a fixed sequence of native ops on buffers allocated once
 * per batch size.
 * <p>
 * It exists for what fit cannot skip: the first convolution's input gradient, which nobody needs, took over a
 * quarter of fit's epoch (oneDNN pads the one input channel to sixteen). Here the first convolution's weight gradient
 * is computed on its own, as a convolution (see {@link Buffers}). Like {@link FusedMlpTrainer} it also leaves out
 * DL4J's per-layer bookkeeping. It updates the network's own parameter views and iteration count, so the network
 * serializes and serves as if fit had trained it; {@link #supports} refuses anything it does not implement.
 */
final class FusedCnnTrainer {

	private final MultiLayerNetwork network;

	private final List<Spatial> spatial = new ArrayList<>();

	private final List<Params> dense = new ArrayList<>();

	/** Channels, height and width of one input record as the first convolution sees it. */
	private final long[] inputShape;

	private final INDArray parameters;

	private final INDArray gradient;

	private final GradientUpdater<?> updater;

	private final INDArray features;

	private final INDArray labels;

	private Buffers full;

	private Buffers remainder;

	FusedCnnTrainer(MultiLayerNetwork network, INDArray features, INDArray labels) {
		if (!supports(network)) {
			throw new IllegalArgumentException("not a network the fused CNN loop implements");
		}
		this.network = network;
		this.features = features;
		this.labels = labels;
		this.parameters = network.params();
		this.gradient = Nd4j.zeros(DataType.FLOAT, this.parameters.shape());
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		FeedForwardToCnnPreProcessor toCnn = (FeedForwardToCnnPreProcessor) conf.getInputPreProcess(0);
		this.inputShape = new long[] { toCnn.getNumChannels(), toCnn.getInputHeight(), toCnn.getInputWidth() };
		long[] shape = this.inputShape.clone();
		long offset = 0;
		for (int i = 0; i < network.getnLayers(); i++) {
			NeuralNetConfiguration layerConf = conf.getConf(i);
			long size = network.getLayer(i).numParams();
			INDArray gradientView = this.gradient.get(NDArrayIndex.all(),
					NDArrayIndex.interval(offset, offset + size));
			offset += size;
			if (layerConf.getLayer() instanceof ConvolutionLayer convolution) {
				Map<String, INDArray> views = ConvolutionParamInitializer.getInstance()
					.getGradientsFromFlattened(layerConf, gradientView);
				Conv conv = new Conv(i == 0, convolution.getKernelSize(), convolution.getStride(),
						convolution.getPadding(), params(network, i, views, convolution));
				shape = new long[] { convolution.getNOut(), outputSize(shape[1], convolution.getKernelSize()[0],
						convolution.getStride()[0], convolution.getPadding()[0]),
						outputSize(shape[2], convolution.getKernelSize()[1], convolution.getStride()[1],
								convolution.getPadding()[1]) };
				this.spatial.add(new Spatial(conv, null, shape));
			}
			else if (layerConf.getLayer() instanceof SubsamplingLayer pooling) {
				shape = new long[] { shape[0],
						outputSize(shape[1], pooling.getKernelSize()[0], pooling.getStride()[0],
								pooling.getPadding()[0]),
						outputSize(shape[2], pooling.getKernelSize()[1], pooling.getStride()[1],
								pooling.getPadding()[1]) };
				this.spatial.add(new Spatial(null, config(pooling), shape));
			}
			else {
				Map<String, INDArray> views = DefaultParamInitializer.getInstance()
					.getGradientsFromFlattened(layerConf, gradientView);
				this.dense.add(params(network, i, views, (BaseLayer) layerConf.getLayer()));
			}
		}
		IUpdater updaterConf = ((BaseLayer) network.getLayer(0).conf().getLayer()).getIUpdater();
		long stateSize = updaterConf.stateSize(this.parameters.length());
		INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
		this.updater = updaterConf.instantiate(state, true);
	}

	/**
	 * Whether the fused loop trains this network as fit would: a ReLU convolution with stride 1 first, then ReLU
	 * convolutions and max poolings (NCHW, truncate or strict mode, no dilation, biases), then dense TANH layers and
	 * one softmax/MCXENT output layer, with DL4J's own reshapes between them; Adam or SGD, the same for every
	 * parameter; no dropout, weight noise, constraints, gradient normalization or truncated backprop; float
	 * parameters.
	 */
	static boolean supports(MultiLayerNetwork network) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		int count = conf.getConfs().size();
		if (count < 2 || conf.getBackpropType() != BackpropType.Standard || network.params() == null
				|| network.params().dataType() != DataType.FLOAT
				|| !(conf.getConf(0).getLayer() instanceof ConvolutionLayer first)
				|| first.getStride()[0] != 1 || first.getStride()[1] != 1) {
			return false;
		}
		int firstDense = 0;
		while (firstDense < count && (conf.getConf(firstDense).getLayer().getClass() == ConvolutionLayer.class
				|| conf.getConf(firstDense).getLayer().getClass() == SubsamplingLayer.class)) {
			firstDense++;
		}
		IUpdater updater = null;
		for (int i = 0; i < count; i++) {
			NeuralNetConfiguration layerConf = conf.getConf(i);
			org.deeplearning4j.nn.conf.layers.Layer layer = layerConf.getLayer();
			if (!layerConf.isMiniBatch()) {
				return false;
			}
			if (layer instanceof BaseLayer base) {
				if (!plain(base) || !(base.getIUpdater() instanceof Adam || base.getIUpdater() instanceof Sgd)
						|| (base.getBiasUpdater() != null && !base.getBiasUpdater().equals(base.getIUpdater()))
						|| (updater != null && !updater.equals(base.getIUpdater()))) {
					return false;
				}
				updater = base.getIUpdater();
			}
			boolean fits;
			if (i < firstDense) {
				fits = layer instanceof ConvolutionLayer convolution ? convolution(convolution)
						: pooling((SubsamplingLayer) layer);
			}
			else if (i < count - 1) {
				fits = layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias()
						&& !((DenseLayer) layer).isHasLayerNorm()
						&& ((DenseLayer) layer).getActivationFn() instanceof ActivationTanH;
			}
			else {
				fits = layer.getClass() == OutputLayer.class && output((OutputLayer) layer);
			}
			if (!fits) {
				return false;
			}
		}
		// exactly DL4J's own reshapes into and out of the image layers, nothing else
		Map<Integer, InputPreProcessor> preProcessors = conf.getInputPreProcessors();
		return firstDense < count && preProcessors.size() == 2
				&& preProcessors.get(0) instanceof FeedForwardToCnnPreProcessor
				&& preProcessors.get(firstDense) instanceof CnnToFeedForwardPreProcessor flatten
				&& flatten.getFormat() == CNN2DFormat.NCHW;
	}

	private static boolean convolution(ConvolutionLayer layer) {
		return layer.hasBias() && layer.getActivationFn() instanceof ActivationReLU relu && plainRelu(relu)
				&& spatial(layer.getConvolutionMode(), layer.getCnn2dDataFormat(), layer.getDilation());
	}

	private static boolean plainRelu(ActivationReLU relu) {
		// the defaults: no threshold, negative slope or maximum (their fields are private)
		return relu.equals(new ActivationReLU());
	}

	private static boolean pooling(SubsamplingLayer layer) {
		return layer.getPoolingType() == PoolingType.MAX
				&& spatial(layer.getConvolutionMode(), layer.getCnn2dDataFormat(), layer.getDilation());
	}

	private static boolean spatial(ConvolutionMode mode, CNN2DFormat format, int[] dilation) {
		return (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) && format == CNN2DFormat.NCHW
				&& dilation[0] == 1 && dilation[1] == 1;
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

	private static long outputSize(long in, int kernel, int stride, int padding) {
		return (in - kernel + 2L * padding) / stride + 1;
	}

	private static Pooling2DConfig config(SubsamplingLayer layer) {
		return Pooling2DConfig.builder()
			.kH(layer.getKernelSize()[0])
			.kW(layer.getKernelSize()[1])
			.sH(layer.getStride()[0])
			.sW(layer.getStride()[1])
			.pH(layer.getPadding()[0])
			.pW(layer.getPadding()[1])
			.dH(1)
			.dW(1)
			.paddingMode(PaddingMode.VALID)
			.type(Pooling2D.Pooling2DType.MAX)
			.isNHWC(false)
			.build();
	}

	private static Params params(MultiLayerNetwork network, int index, Map<String, INDArray> gradientViews,
			BaseLayer layer) {
		return new Params(network.getParam(index + "_W"), network.getParam(index + "_b"),
				gradientViews.get(DefaultParamInitializer.WEIGHT_KEY),
				gradientViews.get(DefaultParamInitializer.BIAS_KEY), layer.getRegularization(),
				layer.getRegularizationBias());
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
		buffers.forward.forEach(Runnable::run);
		INDArray input = buffers.flat;
		for (int i = 0; i < this.dense.size(); i++) {
			Params layer = this.dense.get(i);
			INDArray preOutput = buffers.preOutputs[i];
			Nd4j.gemm(input, layer.weights, preOutput, false, false, 1.0, 0.0);
			preOutput.addiRowVector(layer.bias);
			if (i < this.dense.size() - 1) {
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
		int last = this.dense.size() - 1;
		// softmax with MCXENT: dLoss/dPreOutput = probabilities - labels
		INDArray delta = buffers.preOutputs[last].subi(buffers.labels);
		for (int i = last; i >= 0; i--) {
			Params layer = this.dense.get(i);
			INDArray input = i == 0 ? buffers.flat : buffers.activations[i - 1];
			Nd4j.gemm(input, delta, layer.weightGradient, true, false, 1.0, 0.0);
			delta.sum(layer.biasGradient, true, 0);
			INDArray epsilon = i == 0 ? buffers.flatEpsilon : buffers.epsilons[i - 1];
			Nd4j.gemm(delta, layer.weights, epsilon, false, true, 1.0, 0.0);
			if (i > 0) {
				Nd4j.exec(new TanhDerivative(buffers.preOutputs[i - 1], epsilon, epsilon));
			}
			delta = epsilon;
		}
		buffers.backward.forEach(Runnable::run);
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
		for (Spatial stage : this.spatial) {
			if (stage.conv != null) {
				stage.conv.params.regularize(step, learningRate, iteration, epoch);
			}
		}
		for (Params layer : this.dense) {
			layer.regularize(step, learningRate, iteration, epoch);
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
	private record Params(INDArray weights, INDArray bias, INDArray weightGradient, INDArray biasGradient,
			List<Regularization> weightRegularization, List<Regularization> biasRegularization) {

		void regularize(Regularization.ApplyStep step, double learningRate, int iteration, int epoch) {
			apply(this.weightRegularization, step, this.weights, this.weightGradient, learningRate, iteration, epoch);
			apply(this.biasRegularization, step, this.bias, this.biasGradient, learningRate, iteration, epoch);
		}

		private static void apply(List<Regularization> regularizations, Regularization.ApplyStep step,
				INDArray parameter, INDArray gradient, double learningRate, int iteration, int epoch) {
			if (regularizations == null) {
				return;
			}
			for (Regularization regularization : regularizations) {
				if (regularization.applyStep() == step) {
					regularization.apply(parameter, gradient, learningRate, iteration, epoch);
				}
			}
		}

	}

	/** A convolution layer; the first one never computes its input gradient. */
	private record Conv(boolean first, int[] kernel, int[] stride, int[] padding, Params params) {

		/** libnd4j's conv2d from input to output (oneDNN), called as DL4J's MKLDNNConvHelper calls it. */
		CustomOp forward(INDArray input, INDArray output) {
			return op("conv2d").addInputs(input, weightsForOp(this.params.weights), this.params.bias)
				.addOutputs(output)
				.build();
		}

		/** libnd4j's conv2d_bp (oneDNN): input, weight and bias gradients from the output gradient. */
		CustomOp backward(INDArray input, INDArray outputGradient, INDArray inputGradient) {
			return op("conv2d_bp")
				.addInputs(input, weightsForOp(this.params.weights), this.params.bias, outputGradient)
				.addOutputs(inputGradient, weightsForOp(this.params.weightGradient), this.params.biasGradient)
				.build();
		}

		private DynamicCustomOp.DynamicCustomOpsBuilder op(String name) {
			// kernel, stride, padding, dilation 1, not "same" mode, NCHW
			return DynamicCustomOp.builder(name)
				.addIntegerArguments(this.kernel[0], this.kernel[1], this.stride[0], this.stride[1], this.padding[0],
						this.padding[1], 1, 1, 0, 0);
		}

		/** The ops take [kH, kW, iC, oC] weights: a view of DL4J's [oC, iC, kH, kW]. */
		private static INDArray weightsForOp(INDArray weights) {
			return weights.permute(2, 3, 1, 0);
		}

	}

	/** A convolution or a pooling layer and the [channels, height, width] of its output. */
	private record Spatial(Conv conv, Pooling2DConfig pooling, long[] outputShape) {
	}

	/**
	 * Everything one minibatch of a given size needs, allocated once, and the native ops of the image layers on it.
	 * <p>
	 * The first convolution's weight gradient, dL/dW[o, c, i, j] = sum over b, y, x of delta[b, o, y, x] *
	 * input[b, c, y + i, x + j], is itself a convolution: of the input with batch and channels swapped, by delta as a
	 * kernel of the output's size. oneDNN computes that forward convolution quickly, and no input gradient with it.
	 */
	private final class Buffers {

		final int size;

		final INDArray input;

		final INDArray labels;

		/** The last image layer's output as the dense layers see it: DL4J's NCHW flattening, a view. */
		final INDArray flat;

		final INDArray flatEpsilon;

		final INDArray[] preOutputs;

		final INDArray[] activations;

		final INDArray[] epsilons;

		/** The image layers' steps in order, each a native op or two on these buffers. */
		final List<Runnable> forward = new ArrayList<>();

		final List<Runnable> backward = new ArrayList<>();

		Buffers(int size) {
			FusedCnnTrainer trainer = FusedCnnTrainer.this;
			this.size = size;
			this.input = Nd4j.create(DataType.FLOAT, size, trainer.features.columns());
			this.labels = Nd4j.create(DataType.FLOAT, size, trainer.labels.columns());
			INDArray image = this.input.reshape('c', size, trainer.inputShape[0], trainer.inputShape[1],
					trainer.inputShape[2]);
			int stages = trainer.spatial.size();
			INDArray[] outputs = new INDArray[stages];
			INDArray[] gradients = new INDArray[stages];
			for (int i = 0; i < stages; i++) {
				long[] shape = trainer.spatial.get(i).outputShape;
				outputs[i] = Nd4j.create(DataType.FLOAT, size, shape[0], shape[1], shape[2]);
				gradients[i] = outputs[i].ulike();
			}
			this.flat = outputs[stages - 1].reshape('c', size, outputs[stages - 1].length() / size);
			this.flatEpsilon = gradients[stages - 1].reshape('c', size, this.flat.columns());

			for (int i = 0; i < stages; i++) {
				Spatial stage = trainer.spatial.get(i);
				INDArray in = i == 0 ? image : outputs[i - 1];
				if (stage.conv != null) {
					CustomOp convolution = stage.conv.forward(in, outputs[i]);
					RectifiedLinear relu = new RectifiedLinear(outputs[i], outputs[i], 0.0);
					this.forward.add(() -> Nd4j.exec(convolution));
					this.forward.add(() -> Nd4j.exec(relu));
				}
				else {
					MaxPooling2D pooling = new MaxPooling2D(in, outputs[i], stage.pooling);
					this.forward.add(() -> Nd4j.exec(pooling));
				}
			}
			for (int i = stages - 1; i >= 0; i--) {
				Spatial stage = trainer.spatial.get(i);
				INDArray in = i == 0 ? image : outputs[i - 1];
				if (stage.conv == null) {
					CustomOp pooling = new Pooling2DDerivative(in, gradients[i], gradients[i - 1], stage.pooling);
					this.backward.add(() -> Nd4j.exec(pooling));
					continue;
				}
				this.backward.add(reluGradient(outputs[i], gradients[i]));
				if (stage.conv.first) {
					this.backward.addAll(firstGradients(stage, image, gradients[0]));
				}
				else {
					CustomOp convolution = stage.conv.backward(in, gradients[i], gradients[i - 1]);
					this.backward.add(() -> Nd4j.exec(convolution));
				}
			}

			int count = trainer.dense.size();
			this.preOutputs = new INDArray[count];
			this.activations = new INDArray[count - 1];
			this.epsilons = new INDArray[count - 1];
			for (int i = 0; i < count; i++) {
				long units = trainer.dense.get(i).bias.length();
				this.preOutputs[i] = Nd4j.create(DataType.FLOAT, size, units);
				if (i < count - 1) {
					this.activations[i] = Nd4j.create(DataType.FLOAT, size, units);
					this.epsilons[i] = Nd4j.create(DataType.FLOAT, size, units);
				}
			}
		}

		/** The first convolution's weight and bias gradients from delta, its output gradient after ReLU. */
		private List<Runnable> firstGradients(Spatial first, INDArray image, INDArray delta) {
			Params params = first.conv.params;
			CustomOp weightGradient = DynamicCustomOp.builder("conv2d")
				.addInputs(image.permute(1, 0, 2, 3), delta.permute(2, 3, 0, 1))
				.addOutputs(params.weightGradient.permute(1, 0, 2, 3))
				.addIntegerArguments((int) first.outputShape[1], (int) first.outputShape[2], 1, 1,
						first.conv.padding[0], first.conv.padding[1], 1, 1, 0, 0)
				.build();
			// the bias gradient as two contiguous sums: one over three strided dimensions is far slower
			INDArray perRecord = Nd4j.create(DataType.FLOAT, delta.size(0), delta.size(1));
			return List.of(() -> Nd4j.exec(weightGradient), () -> delta.sum(perRecord, 2, 3),
					() -> perRecord.sum(params.biasGradient, 0));
		}

		/**
		 * ReLU's gradient in place, from ReLU's output: a step mask and a multiply, two streaming ops (libnd4j's
		 * relu_bp and thresholdedrelu_bp measured several times slower on these sizes).
		 */
		private static Runnable reluGradient(INDArray activation, INDArray gradient) {
			INDArray mask = activation.ulike();
			Step step = new Step(activation, mask, 0.0);
			return () -> {
				Nd4j.exec(step);
				gradient.muli(mask);
			};
		}

	}

}
