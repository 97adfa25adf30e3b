package dev.mlaas.server.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.mlaas.server.common.OneDnn;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain loops give what libnd4j's (oneDNN's) max pooling gives, to the bit, ties included. */
class PlainMaxPoolingTests {

	@BeforeAll
	static void oneDnn() {
		OneDnn.enable();
	}

	@ParameterizedTest(name = "{0}x{1} windows, stride {2}x{3}, {4}x{5} input")
	@CsvSource({ "2, 2, 2, 2, 24, 24", "2, 2, 2, 2, 10, 9", "3, 3, 3, 3, 12, 12", "2, 3, 1, 2, 8, 11" })
	void givesOneDnnsMaximaAndRoutesTheGradientToTheSameElements(int kh, int kw, int sh, int sw, int h, int w) {
		Nd4j.getRandom().setSeed(7);
		// ReLU outputs: about half the elements are 0, so many windows hold ties
		INDArray input = Transforms.relu(Nd4j.rand(DataType.FLOAT, 3, 4, h, w).subi(0.5), false);
		// a few ties between equal positive values too
		input.putScalar(new long[] { 0, 0, 0, 0 }, 0.25f);
		input.putScalar(new long[] { 0, 0, 0, 1 }, 0.25f);
		Pooling2DConfig config = Pooling2DConfig.builder().kH(kh).kW(kw).sH(sh).sW(sw).pH(0).pW(0).dH(1).dW(1)
			.paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
		int oh = (h - kh) / sh + 1;
		int ow = (w - kw) / sw + 1;
		INDArray expected = Nd4j.create(DataType.FLOAT, 3, 4, oh, ow);
		Nd4j.exec(new MaxPooling2D(input, expected, config));
		INDArray delta = Nd4j.rand(DataType.FLOAT, 3, 4, oh, ow);
		INDArray expectedGradient = input.ulike();
		Nd4j.exec(new Pooling2DDerivative(input, delta, expectedGradient, config));

		PlainMaxPooling plain = new PlainMaxPooling(input.shape(), new int[] { kh, kw }, new int[] { sh, sw });
		INDArray output = expected.ulike().assign(-1);
		plain.forward(input, output);
		INDArray gradient = input.ulike().assign(-1);
		plain.backward(delta, gradient);

		assertThat(output.data().asFloat()).containsExactly(expected.data().asFloat());
		if (sh >= kh && sw >= kw) {
			assertThat(gradient.data().asFloat()).containsExactly(expectedGradient.data().asFloat());
		}
		else {
			// overlapping windows add up their gradients, perhaps in another order than oneDNN
			assertThat(gradient.sub(expectedGradient).amaxNumber().doubleValue()).isLessThan(1e-6);
			assertThat(gradient.neq(0).castTo(DataType.INT).sumNumber())
				.isEqualTo(expectedGradient.neq(0).castTo(DataType.INT).sumNumber());
		}
	}

}
