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
 */
final class DenseTail {

	private final List<LayerParams> layers;

	private final PerBatchSize<Buffers> buffers = new PerBatchSize<>(Buffers::new);

	DenseTail(List<LayerParams> layers) {
		this.layers = layers;
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
			INDArray in = (i == 0) ? input : buffers.activations[i - 1];
			Nd4j.gemm(in, delta, layer.weightGradient(), true, false, 1.0, 0.0);
			delta.sum(layer.biasGradient(), true, 0);
			INDArray epsilon = (i == 0) ? inputGradient : buffers.epsilons[i - 1];
			if (epsilon != null) {
				Nd4j.gemm(delta, layer.weights(), epsilon, false, true, 1.0, 0.0);
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
			INDArray in = (i == 0) ? input : buffers.activations[i - 1];
			INDArray delta = (i == last) ? buffers.preOutputs[last] : buffers.epsilons[i];
			// row norms, not squares of whole matrices: only vectors of the batch's length are made here
			INDArray inputs = Transforms.pow(in.norm2(1), 2, false).addi(1);
			squaredNorms.addi(inputs.muli(Transforms.pow(delta.norm2(1), 2, false)).reshape(input.rows(), 1));
		}
		INDArray scale = Transforms.min(Transforms.sqrt(squaredNorms, false).rdivi(clipNorm), 1.0, false);
		for (int i = 0; i <= last; i++) {
			LayerParams layer = this.layers.get(i);
			INDArray in = (i == 0) ? input : buffers.activations[i - 1];
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

		Buffers(int size) {
			int count = DenseTail.this.layers.size();
			this.preOutputs = new INDArray[count];
			this.activations = new INDArray[count - 1];
			this.epsilons = new INDArray[count - 1];
			for (int i = 0; i < count; i++) {
				long units = DenseTail.this.layers.get(i).bias().length();
				this.preOutputs[i] = Nd4j.create(DataType.FLOAT, size, units);
				if (i < count - 1) {
					this.activations[i] = Nd4j.create(DataType.FLOAT, size, units);
					this.epsilons[i] = Nd4j.create(DataType.FLOAT, size, units);
				}
			}
		}

	}

}
