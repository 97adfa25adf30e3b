package dev.mlaas.server.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference pass of a dense network (TANH hidden layers, softmax output) as {@code output()} computes it (the
 * same BLAS product, bias, TANH and softmax ops), on native buffers made once per batch size and reused.
 * <p>
 * It exists for the garbage collector more than for speed: every {@code output()} call allocates about ten native
 * arrays, each tracked by a phantom reference until a collection finds it dead. At 2,000 single-record requests a
 * second that made young pauses of 70-440 ms, most of them copying and processing those references. This pass
 * allocates nothing native per call, and takes 60 us instead of 300-400 us for one record (3.0 instead of 4.6 ms
 * for 1,000 x 600). Dropout and weight noise do nothing at inference, so they do not matter here.
 */
final class DenseForward implements Forward {

	/** Batch sizes whose buffers are kept, most recently used first: a client's batch, its last batch, singles. */
	private static final int KEPT_SIZES = 3;

	private final List<Dense> layers = new ArrayList<>();

	private final int numFeatures;

	private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true);

	DenseForward(MultiLayerNetwork network) {
		if (!supports(network)) {
			throw new IllegalArgumentException("not a network the dense pass implements");
		}
		this.numFeatures = (int) network.getLayer(0).getParam("W").rows();
		for (int i = 0; i < network.getnLayers(); i++) {
			// a contiguous row-major copy of the weights: the network's own are 'f'-ordered views into one vector
			this.layers.add(new Dense(network.getParam(i + "_W").dup('c'), network.getParam(i + "_b").dup('c')));
		}
	}

	/** Whether this pass computes what {@code output()} does: dense TANH layers with biases, then softmax. */
	static boolean supports(MultiLayerNetwork network) {
		MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
		int count = conf.getConfs().size();
		if (count < 1 || !conf.getInputPreProcessors().isEmpty()) {
			return false;
		}
		for (int i = 0; i < count; i++) {
			Layer layer = conf.getConf(i).getLayer();
			boolean fits = (i < count - 1)
					? layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias()
							&& !((DenseLayer) layer).isHasLayerNorm()
							&& ((DenseLayer) layer).getActivationFn() instanceof ActivationTanH
					: layer.getClass() == OutputLayer.class && ((OutputLayer) layer).hasBias()
							&& ((OutputLayer) layer).getActivationFn() instanceof ActivationSoftmax;
			if (!fits) {
				return false;
			}
		}
		return true;
	}

	@Override
	public float[] predict(float[] rowMajorFeatures, int rows) {
		Buffers buffers = buffers(rows);
		buffers.input.put(rowMajorFeatures, 0, rows * this.numFeatures);
		FloatPointer in = buffers.input;
		int width = this.numFeatures;
		for (int i = 0; i < this.layers.size(); i++) {
			Dense layer = this.layers.get(i);
			FloatPointer out = buffers.outputs[i];
			int units = layer.units();
			// out = in x W + b: the biases first, then the product added onto them (beta = 1)
			Pointer.memcpy(out, buffers.biases[i], (long) rows * units * Float.BYTES);
			openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
					openblas_nolapack.CblasNoTrans, rows, units, width, 1f, in, width, layer.weightData(), units, 1f,
					out, units);
			if (i < this.layers.size() - 1) {
				Nd4j.exec(buffers.tanh[i]);
			}
			in = out;
			width = units;
		}
		Nd4j.getExecutioner().exec(buffers.softmax, buffers.softmaxContext);
		float[] posteriors = new float[rows * width];
		in.get(posteriors, 0, posteriors.length);
		return posteriors;
	}

	private Buffers buffers(int rows) {
		Buffers kept = this.buffers.get(rows);
		if (kept != null) {
			return kept;
		}
		Buffers made = new Buffers(rows);
		this.buffers.put(rows, made);
		if (this.buffers.size() > KEPT_SIZES) {
			Iterator<Buffers> eldest = this.buffers.values().iterator();
			eldest.next().close();
			eldest.remove();
		}
		return made;
	}

	/**
	 * One layer's weights ({@code [in, units]}, row-major) and biases, and the weights' native address, which the
	 * product reads on every call.
	 */
	private record Dense(INDArray weights, INDArray bias, FloatPointer weightData) {

		Dense(INDArray weights, INDArray bias) {
			this(weights, bias, (FloatPointer) weights.data().pointer());
		}

		int units() {
			return (int) this.weights.columns();
		}

	}

	/** The arrays and ops for one batch size. */
	private final class Buffers implements AutoCloseable {

		final List<INDArray> arrays = new ArrayList<>();

		final FloatPointer input;

		/** Each layer's biases repeated on every row, copied into its output before the product. */
		final FloatPointer[] biases;

		final FloatPointer[] outputs;

		final Tanh[] tanh;

		final SoftMax softmax;

		/** Reused: a new context per call would be a native allocation per call, which is what this class avoids. */
		final OpContext softmaxContext;

		Buffers(int rows) {
			int count = DenseForward.this.layers.size();
			this.input = pointer(Nd4j.create(DataType.FLOAT, rows, DenseForward.this.numFeatures));
			this.biases = new FloatPointer[count];
			this.outputs = new FloatPointer[count];
			this.tanh = new Tanh[count - 1];
			INDArray output = null;
			for (int i = 0; i < count; i++) {
				Dense layer = DenseForward.this.layers.get(i);
				INDArray biasRows = Nd4j.create(DataType.FLOAT, rows, layer.units());
				biasRows.addiRowVector(layer.bias());
				this.biases[i] = pointer(biasRows);
				output = Nd4j.create(DataType.FLOAT, rows, layer.units());
				this.outputs[i] = pointer(output);
				if (i < count - 1) {
					this.tanh[i] = new Tanh(output, output);
				}
			}
			this.softmax = new SoftMax(output, output);
			this.softmaxContext = Nd4j.getExecutioner().buildContext();
			this.softmaxContext.setInputArray(0, output);
			this.softmaxContext.setOutputArray(0, output);
		}

		private FloatPointer pointer(INDArray array) {
			this.arrays.add(array);
			return (FloatPointer) array.data().pointer();
		}

		/** Frees the native memory now rather than when a collection gets to it. */
		@Override
		public void close() {
			closeQuietly(this.softmaxContext);
			this.arrays.forEach(Buffers::closeQuietly);
		}

		private static void closeQuietly(AutoCloseable resource) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// not closable now: a collection frees it later, as it does every native array
			}
		}

	}

}
