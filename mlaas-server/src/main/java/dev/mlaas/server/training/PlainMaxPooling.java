package dev.mlaas.server.training;

import java.nio.ByteOrder;
import java.nio.IntBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling without padding over NCHW float buffers of non-negative values (ReLU outputs), forward and backward.
 * On CPUs without AVX-512, oneDNN 2.3 (DL4J 1.0.0-M2.1's) pools plain NCHW data with its reference kernel
 * ({@code simple_nchw}): there it took most of a CNN epoch, 20 ms forward and 31 ms backward for a batch of 100 x 32
 * x 24 x 24. The same maxima, and the gradient goes to the first maximum of each window in row-major order, as
 * oneDNN's does (a test holds the two to the same bits).
 * <p>
 * Works on Java copies of the buffers (element access through a direct buffer was several times slower than two
 * bulk copies), and on the floats' bit patterns, which for non-negative floats order as the floats do. The 2 x 2
 * windows take no branch: after ReLU which element of a window is largest is a coin toss, and a branching loop took
 * 10 ms where the oneDNN reference kernel took 20; this one takes about 3. A NaN (a training that has diverged) is
 * ordered by its bits here, where oneDNN's comparison passes over it: the two differ only once activations are NaN.
 */
final class PlainMaxPooling {

	private final int planes;

	private final int height;

	private final int width;

	private final int kernelHeight;

	private final int kernelWidth;

	private final int strideHeight;

	private final int strideWidth;

	private final int outHeight;

	private final int outWidth;

	/** The input's bits in forward, the input gradient's in backward. */
	private final int[] input;

	/** The output's bits in forward, the output gradient's in backward. */
	private final int[] output;

	/** Where each output's maximum was, as an index into the input. */
	private final int[] argMax;

	/** For an input of [batch, channels, height, width], C order. */
	PlainMaxPooling(long[] inputShape, int[] kernel, int[] stride) {
		this.planes = (int) (inputShape[0] * inputShape[1]);
		this.height = (int) inputShape[2];
		this.width = (int) inputShape[3];
		this.kernelHeight = kernel[0];
		this.kernelWidth = kernel[1];
		this.strideHeight = stride[0];
		this.strideWidth = stride[1];
		this.outHeight = (this.height - kernel[0]) / stride[0] + 1;
		this.outWidth = (this.width - kernel[1]) / stride[1] + 1;
		this.input = new int[this.planes * this.height * this.width];
		this.output = new int[this.planes * this.outHeight * this.outWidth];
		this.argMax = new int[this.output.length];
	}

	/** The windows' maxima of {@code input} into {@code output}; remembers where each was for {@link #backward}. */
	void forward(INDArray input, INDArray output) {
		bits(input).get(0, this.input, 0, this.input.length);
		if (this.kernelHeight == 2 && this.kernelWidth == 2) {
			forward2x2();
		}
		else {
			forwardAnySize();
		}
		bits(output).put(0, this.output, 0, this.output.length);
	}

	/**
	 * The ML-Leaks CNN's windows without a branch: the maximum by {@code Math.max}, and the first element equal to it
	 * by arithmetic on "differs" bits (the bit patterns are below 2^31, so their differences cannot overflow).
	 */
	private void forward2x2() {
		int[] in = this.input;
		int[] out = this.output;
		int[] where = this.argMax;
		int w = this.width;
		int o = 0;
		for (int plane = 0; plane < this.planes; plane++) {
			int base = plane * this.height * w;
			for (int y = 0; y < this.outHeight; y++) {
				int corner = base + y * this.strideHeight * w;
				for (int x = 0; x < this.outWidth; x++, corner += this.strideWidth) {
					int a = in[corner];
					int b = in[corner + 1];
					int c = in[corner + w];
					int d = in[corner + w + 1];
					int max = Math.max(Math.max(a, b), Math.max(c, d));
					int notA = ((a - max) | (max - a)) >>> 31;
					int notB = ((b - max) | (max - b)) >>> 31;
					int notC = ((c - max) | (max - c)) >>> 31;
					where[o] = corner + notA * ((1 - notB) + notB * ((1 - notC) * w + notC * (w + 1)));
					out[o++] = max;
				}
			}
		}
	}

	private void forwardAnySize() {
		int[] in = this.input;
		int[] out = this.output;
		int[] where = this.argMax;
		int w = this.width;
		int o = 0;
		for (int plane = 0; plane < this.planes; plane++) {
			int base = plane * this.height * w;
			for (int y = 0; y < this.outHeight; y++) {
				int rowCorner = base + y * this.strideHeight * w;
				for (int x = 0; x < this.outWidth; x++) {
					int corner = rowCorner + x * this.strideWidth;
					int best = corner;
					int max = in[corner];
					for (int ky = 0; ky < this.kernelHeight; ky++) {
						int row = corner + ky * w;
						for (int kx = 0; kx < this.kernelWidth; kx++) {
							int value = in[row + kx];
							// strictly larger: the first maximum wins
							boolean larger = value > max;
							best = larger ? row + kx : best;
							max = larger ? value : max;
						}
					}
					where[o] = best;
					out[o++] = max;
				}
			}
		}
	}

	/**
	 * {@code outputGradient} routed to the maximum of each window of the last {@link #forward}'s input; the rest of
	 * {@code inputGradient} 0.
	 */
	void backward(INDArray outputGradient, INDArray inputGradient) {
		bits(outputGradient).get(0, this.output, 0, this.output.length);
		java.util.Arrays.fill(this.input, 0);
		boolean overlapping = this.strideHeight < this.kernelHeight || this.strideWidth < this.kernelWidth;
		for (int o = 0; o < this.output.length; o++) {
			int at = this.argMax[o];
			// windows that do not overlap each write their own element: no float addition, as in oneDNN
			this.input[at] = overlapping ? Float.floatToRawIntBits(Float.intBitsToFloat(this.input[at])
					+ Float.intBitsToFloat(this.output[o])) : this.output[o];
		}
		bits(inputGradient).put(0, this.input, 0, this.input.length);
	}

	private static IntBuffer bits(INDArray array) {
		if (array.offset() != 0 || array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView()) {
			throw new IllegalArgumentException("a whole C-order float array is needed, not " + array.shapeInfoToString());
		}
		return array.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
	}

}
