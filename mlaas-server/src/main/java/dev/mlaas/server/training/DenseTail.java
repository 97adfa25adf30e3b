package dev.mlaas.server.training;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.mlaas.server.training.FusedUpdate.LayerParams;

/**
 * The end both fused loops share: dense TANH layers and one softmax/MCXENT output layer, forward and backward as a
 * fixed sequence of native ops on buffers allocated once per batch size. The gradients are summed over the
 * minibatch, as DL4J's layers compute them; {@link FusedUpdate} averages them.
 * <p>
 * A layer may drop out its inputs as DL4J's {@code Dropout} does (inverted dropout): each input kept with
 * probability p and scaled by 1 / p, zeroed otherwise, by a mask drawn afresh each forward pass from a generator
 * seeded once; the backward pass multiplies the input gradient by the same mask.
 */
final class DenseTail {

	private final List<LayerParams> layers;

	/** Each layer's probability of keeping an input; 1 where it drops nothing. */
	private final double[] keep;

	private final org.nd4j.linalg.api.rng.Random masks;

	private final PerBatchSize<Buffers> buffers = new PerBatchSize<>(Buffers::new);

	DenseTail(List<LayerParams> layers) {
		this(layers, null, 0);
	}

	/** @param keep each layer's probability of keeping an input, or null for no dropout anywhere */
	DenseTail(List<LayerParams> layers, double[] keep, long seed) {
		this.layers = layers;
		this.keep = (keep != null) ? keep.clone() : filled(layers.size(), 1.0);
		this.masks = dropsOut() ? Nd4j.getRandomFactory().getNewRandomInstance(seed) : null;
	}

	private static double[] filled(int length, double value) {
		double[] values = new double[length];
		java.util.Arrays.fill(values, value);
		return values;
	}

	/** Whether any layer drops out its inputs. */
	boolean dropsOut() {
		return java.util.Arrays.stream(this.keep).anyMatch(p -> p < 1);
	}

	/** The masks of the last forward pass on {@code rows} records, by layer (null where nothing is dropped). */
	INDArray[] lastMasks(int rows) {
		return this.buffers.get(rows).masks.clone();
	}

	/** A hidden layer the tail implements: dense, with biases, TANH, no layer norm. */
	static boolean hidden(Layer layer) {
		return layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias()
				&& !((DenseLayer) layer).isHasLayerNorm()
				&& ((DenseLayer) layer).getActivationFn() instanceof ActivationTanH;
	}

	/** An output layer the tail implements: softmax with MCXENT loss, unweighted, with biases. */
	static boolean output(Layer layer) {
		return layer.getClass() == OutputLayer.class && ((OutputLayer) layer).hasBias()
				&& ((OutputLayer) layer).getActivationFn() instanceof ActivationSoftmax
				&& ((OutputLayer) layer).getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null;
	}

	/** The forward pass from {@code input}, one row per record, to the output's probabilities. */
	void forward(INDArray input) {
		Buffers buffers = this.buffers.get((int) input.rows());
		INDArray in = input;
		for (int i = 0; i < this.layers.size(); i++) {
			LayerParams layer = this.layers.get(i);
			INDArray preOutput = buffers.preOutputs[i];
			if (buffers.masks[i] != null) {
				INDArray mask = buffers.masks[i];
				Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, this.keep[i]), this.masks);
				mask.divi(this.keep[i]);
				in = buffers.dropped[i].assign(in).muli(mask);
			}
			Nd4j.gemm(in, layer.weights(), preOutput, false, false, 1.0, 0.0);
			preOutput.addiRowVector(layer.bias());
			if (i < this.layers.size() - 1) {
				Nd4j.exec(new Tanh(preOutput, buffers.activations[i]));
				in = buffers.activations[i];
			}
			else {
				Nd4j.exec(new SoftMax(preOutput, preOutput));
			}
		}
	}

	/**
	 * The gradients of the last {@link #forward} from the one-hot {@code labels}, and the gradient of its input into
	 * {@code inputGradient}, or not at all when that is null (nobody needs the first layer's input gradient).
	 */
	void backward(INDArray input, INDArray labels, INDArray inputGradient) {
		Buffers buffers = this.buffers.get((int) input.rows());
		int last = this.layers.size() - 1;
		// softmax with MCXENT: dLoss/dPreOutput = probabilities - labels
		INDArray delta = buffers.preOutputs[last].subi(labels);
		for (int i = last; i >= 0; i--) {
			LayerParams layer = this.layers.get(i);
			INDArray in = buffers.input(i, input);
			Nd4j.gemm(in, delta, layer.weightGradient(), true, false, 1.0, 0.0);
			delta.sum(layer.biasGradient(), true, 0);
			INDArray epsilon = (i == 0) ? inputGradient : buffers.epsilons[i - 1];
			if (epsilon != null) {
				Nd4j.gemm(delta, layer.weights(), epsilon, false, true, 1.0, 0.0);
				if (buffers.masks[i] != null) {
					epsilon.muli(buffers.masks[i]);
				}
				if (i > 0) {
					Nd4j.exec(new TanhDerivative(buffers.preOutputs[i - 1], epsilon, epsilon));
				}
			}
			delta = epsilon;
		}
	}

	/**
	 * After {@link #backward}: replaces the gradients summed over the batch by the sum of each record's gradient
	 * clipped to L2 norm {@code clipNorm} (DP-SGD). A record's gradient of a dense layer is its input (with a 1 for
	 * the bias) times its delta, so its squared norm is the product of theirs; and every layer's delta is linear in
	 * the output's, so scaling a record's deltas scales all its gradients alike.
	 */
	void clipPerRecord(INDArray input, double clipNorm) {
		Buffers buffers = this.buffers.get((int) input.rows());
		int last = this.layers.size() - 1;
		INDArray squaredNorms = Nd4j.zeros(DataType.FLOAT, input.rows(), 1);
		for (int i = 0; i <= last; i++) {
			INDArray in = buffers.input(i, input);
			INDArray delta = (i == last) ? buffers.preOutputs[last] : buffers.epsilons[i];
			// row norms, not squares of whole matrices: only vectors of the batch's length are made here
			INDArray inputs = Transforms.pow(in.norm2(1), 2, false).addi(1);
			squaredNorms.addi(inputs.muli(Transforms.pow(delta.norm2(1), 2, false)).reshape(input.rows(), 1));
		}
		INDArray scale = Transforms.min(Transforms.sqrt(squaredNorms, false).rdivi(clipNorm), 1.0, false);
		for (int i = 0; i <= last; i++) {
			LayerParams layer = this.layers.get(i);
			INDArray in = buffers.input(i, input);
			INDArray delta = (i == last) ? buffers.preOutputs[last] : buffers.epsilons[i];
			delta.muliColumnVector(scale);
			Nd4j.gemm(in, delta, layer.weightGradient(), true, false, 1.0, 0.0);
			delta.sum(layer.biasGradient(), true, 0);
		}
	}

	/** The tail's buffers for one batch size. */
	private final class Buffers {

		final INDArray[] preOutputs;

		final INDArray[] activations;

		final INDArray[] epsilons;

		/** Each dropping layer's mask and its input after the mask; null for the others. */
		final INDArray[] masks;

		final INDArray[] dropped;

		Buffers(int size) {
			int count = DenseTail.this.layers.size();
			this.preOutputs = new INDArray[count];
			this.activations = new INDArray[count - 1];
			this.epsilons = new INDArray[count - 1];
			this.masks = new INDArray[count];
			this.dropped = new INDArray[count];
			for (int i = 0; i < count; i++) {
				long units = DenseTail.this.layers.get(i).bias().length();
				if (DenseTail.this.keep[i] < 1) {
					long inputs = DenseTail.this.layers.get(i).weights().rows();
					this.masks[i] = Nd4j.create(DataType.FLOAT, size, inputs);
					this.dropped[i] = Nd4j.create(DataType.FLOAT, size, inputs);
				}
				this.preOutputs[i] = Nd4j.create(DataType.FLOAT, size, units);
				if (i < count - 1) {
					this.activations[i] = Nd4j.create(DataType.FLOAT, size, units);
					this.epsilons[i] = Nd4j.create(DataType.FLOAT, size, units);
				}
			}
		}

		/** What layer {@code i} multiplied by its weights in the last forward pass. */
		INDArray input(int i, INDArray input) {
			if (this.dropped[i] != null) {
				return this.dropped[i];
			}
			return (i == 0) ? input : this.activations[i - 1];
		}

	}

}
