package dev.mlaas.server.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
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
import org.nd4j.linalg.factory.Nd4j;

import dev.mlaas.server.training.FusedUpdate.LayerParams;

/**
 * Trains a small CNN (ReLU convolutions and max pooling, then TANH dense layers and a softmax/MCXENT output) in
 * place of {@link MultiLayerNetwork#fit}: the same oneDNN convolution and pooling ops DL4J's helpers call, the same
 * loss gradient, averaging, regularization and updater, as a fixed sequence of native ops on buffers allocated once
 * per batch size. The dense end and the update are {@link FusedMlpTrainer}'s too ({@link DenseTail},
 * {@link FusedUpdate}).
 * <p>
 * It exists for what fit cannot skip: the first convolution's input gradient, which nobody needs, took over a
 * quarter of fit's epoch (oneDNN pads the one input channel to sixteen). Here the first convolution's weight gradient
 * is computed on its own, as a convolution (see {@link Buffers}). Like {@link FusedMlpTrainer} it also leaves out
 * DL4J's per-layer bookkeeping. It updates the network's own parameter views and iteration count, so the network
 * serializes and serves as if fit had trained it; {@link #supports} refuses anything it does not implement.
 */
final class FusedCnnTrainer implements FusedLoop {

	private final List<Spatial> spatial = new ArrayList<>();

	private final DenseTail tail;

	private final FusedUpdate update;

	/** Channels, height and width of one input record as the first convolution sees it. */
	private final long[] inputShape;

	private final INDArray features;

	private final INDArray labels;

	private final PerBatchSize<Buffers> buffers = new PerBatchSize<>(Buffers::new);

	FusedCnnTrainer(MultiLayerNetwork network, INDArray features, INDArray labels) {
		if (!supports(network)) {
			throw new IllegalArgumentException("not a network the fused CNN loop implements");
		}
		this.features = features;
		this.labels = labels;
		this.update = new FusedUpdate(network);
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		FeedForwardToCnnPreProcessor toCnn = (FeedForwardToCnnPreProcessor) conf.getInputPreProcess(0);
		this.inputShape = new long[] { toCnn.getNumChannels(), toCnn.getInputHeight(), toCnn.getInputWidth() };
		long[] shape = this.inputShape.clone();
		List<LayerParams> dense = new ArrayList<>();
		List<Double> keep = new ArrayList<>();
		for (int i = 0; i < network.getnLayers(); i++) {
			org.deeplearning4j.nn.conf.layers.Layer layer = conf.getConf(i).getLayer();
			if (layer instanceof ConvolutionLayer convolution) {
				Conv conv = new Conv(i == 0, convolution.getKernelSize(), convolution.getStride(),
						convolution.getPadding(), this.update.layer(i));
				shape = new long[] { convolution.getNOut(), outputSize(shape[1], convolution.getKernelSize()[0],
						convolution.getStride()[0], convolution.getPadding()[0]),
						outputSize(shape[2], convolution.getKernelSize()[1], convolution.getStride()[1],
								convolution.getPadding()[1]) };
				this.spatial.add(new Spatial(conv, null, shape));
			}
			else if (layer instanceof SubsamplingLayer pooling) {
				shape = new long[] { shape[0],
						outputSize(shape[1], pooling.getKernelSize()[0], pooling.getStride()[0],
								pooling.getPadding()[0]),
						outputSize(shape[2], pooling.getKernelSize()[1], pooling.getStride()[1],
								pooling.getPadding()[1]) };
				this.spatial.add(new Spatial(null, config(pooling), shape));
			}
			else {
				dense.add(this.update.layer(i));
				keep.add(FusedUpdate.keepProbability(layer));
			}
		}
		// the network's seed (the recipe's) fixes the dropout masks, as it fixes the initial weights
		this.tail = new DenseTail(dense, keep.stream().mapToDouble(Double::doubleValue).toArray(),
				conf.getConf(0).getSeed());
	}

	/**
	 * Whether the fused loop trains this network as fit would: a ReLU convolution with stride 1 first, then ReLU
	 * convolutions and max poolings (NCHW, truncate or strict mode, no dilation, biases), then dense TANH layers and
	 * one softmax/MCXENT output layer, with DL4J's own reshapes between them; no truncated backprop; and what
	 * {@link FusedUpdate} supports, with plain dropout on the dense layers' inputs (which {@link DenseTail} applies).
	 */
	static boolean supports(MultiLayerNetwork network) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		int count = conf.getConfs().size();
		if (count < 2 || conf.getBackpropType() != BackpropType.Standard || !FusedUpdate.supports(network, true)
				|| !(conf.getConf(0).getLayer() instanceof ConvolutionLayer first)
				|| first.getStride()[0] != 1 || first.getStride()[1] != 1) {
			return false;
		}
		int firstDense = 0;
		while (firstDense < count && (conf.getConf(firstDense).getLayer().getClass() == ConvolutionLayer.class
				|| conf.getConf(firstDense).getLayer().getClass() == SubsamplingLayer.class)) {
			firstDense++;
		}
		for (int i = 0; i < count; i++) {
			org.deeplearning4j.nn.conf.layers.Layer layer = conf.getConf(i).getLayer();
			boolean fits;
			if (i < firstDense) {
				fits = layer instanceof ConvolutionLayer convolution ? convolution(convolution)
						: pooling((SubsamplingLayer) layer);
			}
			else {
				fits = (i < count - 1) ? DenseTail.hidden(layer) : DenseTail.output(layer);
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

	/** How many of the network's pooling layers run in {@link PlainMaxPooling}'s loops rather than as oneDNN ops. */
	long plainPoolingLayers() {
		return this.spatial.stream().filter(stage -> plain(stage.pooling)).count();
	}

	private static boolean plain(Pooling2DConfig pooling) {
		return pooling != null && pooling.getPH() == 0 && pooling.getPW() == 0;
	}

	@Override
	public INDArray[] lastDropoutMasks(int rows) {
		return this.tail.lastMasks(rows);
	}

	@Override
	public FusedUpdate update() {
		return this.update;
	}

	@Override
	public INDArray gradient(int[] rows) {
		Buffers buffers = this.buffers.get(rows.length);
		Nd4j.pullRows(this.features, buffers.input, 1, rows);
		Nd4j.pullRows(this.labels, buffers.labels, 1, rows);
		buffers.forward.forEach(Runnable::run);
		this.tail.forward(buffers.flat);
		this.tail.backward(buffers.flat, buffers.labels, buffers.flatEpsilon);
		buffers.backward.forEach(Runnable::run);
		return this.update.gradient();
	}

	/** A convolution layer; the first one never computes its input gradient. */
	private record Conv(boolean first, int[] kernel, int[] stride, int[] padding, LayerParams params) {

		/** libnd4j's conv2d from input to output (oneDNN), called as DL4J's MKLDNNConvHelper calls it. */
		CustomOp forward(INDArray input, INDArray output) {
			return op("conv2d").addInputs(input, weightsForOp(this.params.weights()), this.params.bias())
				.addOutputs(output)
				.build();
		}

		/** libnd4j's conv2d_bp (oneDNN): input, weight and bias gradients from the output gradient. */
		CustomOp backward(INDArray input, INDArray outputGradient, INDArray inputGradient) {
			return op("conv2d_bp")
				.addInputs(input, weightsForOp(this.params.weights()), this.params.bias(), outputGradient)
				.addOutputs(inputGradient, weightsForOp(this.params.weightGradient()), this.params.biasGradient())
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

		final INDArray input;

		final INDArray labels;

		/** The last image layer's output as the dense layers see it: DL4J's NCHW flattening, a view. */
		final INDArray flat;

		final INDArray flatEpsilon;

		/** The image layers' steps in order, each a native op or two on these buffers. */
		final List<Runnable> forward = new ArrayList<>();

		final List<Runnable> backward = new ArrayList<>();

		Buffers(int size) {
			FusedCnnTrainer trainer = FusedCnnTrainer.this;
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

			// max pooling without padding in plain loops, the same bits as oneDNN's (PlainMaxPooling says why)
			PlainMaxPooling[] pooling = new PlainMaxPooling[stages];
			for (int i = 1; i < stages; i++) {
				Pooling2DConfig config = trainer.spatial.get(i).pooling;
				if (plain(config)) {
					pooling[i] = new PlainMaxPooling(outputs[i - 1].shape(),
							new int[] { (int) config.getKH(), (int) config.getKW() },
							new int[] { (int) config.getSH(), (int) config.getSW() });
				}
			}
			for (int i = 0; i < stages; i++) {
				Spatial stage = trainer.spatial.get(i);
				INDArray in = i == 0 ? image : outputs[i - 1];
				if (stage.conv != null) {
					CustomOp convolution = stage.conv.forward(in, outputs[i]);
					RectifiedLinear relu = new RectifiedLinear(outputs[i], outputs[i], 0.0);
					this.forward.add(() -> Nd4j.exec(convolution));
					this.forward.add(() -> Nd4j.exec(relu));
				}
				else if (pooling[i] != null) {
					PlainMaxPooling plain = pooling[i];
					INDArray out = outputs[i];
					this.forward.add(() -> plain.forward(in, out));
				}
				else {
					MaxPooling2D op = new MaxPooling2D(in, outputs[i], stage.pooling);
					this.forward.add(() -> Nd4j.exec(op));
				}
			}
			for (int i = stages - 1; i >= 0; i--) {
				Spatial stage = trainer.spatial.get(i);
				INDArray in = i == 0 ? image : outputs[i - 1];
				if (pooling[i] != null) {
					PlainMaxPooling plain = pooling[i];
					INDArray outputGradient = gradients[i];
					INDArray inputGradient = gradients[i - 1];
					this.backward.add(() -> plain.backward(outputGradient, inputGradient));
					continue;
				}
				if (stage.conv == null) {
					CustomOp op = new Pooling2DDerivative(in, gradients[i], gradients[i - 1], stage.pooling);
					this.backward.add(() -> Nd4j.exec(op));
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
		}

		/** The first convolution's weight and bias gradients from delta, its output gradient after ReLU. */
		private List<Runnable> firstGradients(Spatial first, INDArray image, INDArray delta) {
			LayerParams params = first.conv.params;
			CustomOp weightGradient = DynamicCustomOp.builder("conv2d")
				.addInputs(image.permute(1, 0, 2, 3), delta.permute(2, 3, 0, 1))
				.addOutputs(params.weightGradient().permute(1, 0, 2, 3))
				.addIntegerArguments((int) first.outputShape[1], (int) first.outputShape[2], 1, 1,
						first.conv.padding[0], first.conv.padding[1], 1, 1, 0, 0)
				.build();
			// the bias gradient as two contiguous sums: one over three strided dimensions is far slower
			INDArray perRecord = Nd4j.create(DataType.FLOAT, delta.size(0), delta.size(1));
			return List.of(() -> Nd4j.exec(weightGradient), () -> delta.sum(perRecord, 2, 3),
					() -> perRecord.sum(params.biasGradient(), 0));
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
