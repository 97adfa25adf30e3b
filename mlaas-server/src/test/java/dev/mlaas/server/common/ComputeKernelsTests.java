package dev.mlaas.server.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The instruction set the record names is the one oneDNN itself says it dispatches to. */
class ComputeKernelsTests {

	private static final String XEON = """
			processor	: 0
			vendor_id	: GenuineIntel
			model name	: Intel(R) Xeon(R) Processor
			flags		: fpu sse sse2 sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16

			processor	: 1
			model name	: another
			""";

	private static final String ZEN3 = """
			model name	: AMD EPYC 7B13
			flags		: fpu sse sse2 sse4_1 sse4_2 avx avx2 fma
			""";

	@Test
	void namesTheBestInstructionSetTheCpuHasUpToTheCap() {
		assertThat(ComputeKernels.of(XEON, Map.<String, String>of()::get)).isEqualTo(new ComputeKernels(
				"Intel(R) Xeon(R) Processor", "Intel AVX-512 with Intel DL Boost and bfloat16 support", "unset",
				"unset", "unset"));
		assertThat(ComputeKernels.of(XEON, Map.of("DNNL_MAX_CPU_ISA", "avx2", "OMP_NUM_THREADS", "1")::get))
			.isEqualTo(new ComputeKernels("Intel(R) Xeon(R) Processor", "Intel AVX2", "avx2", "unset", "1"));
		assertThat(ComputeKernels.of(ZEN3, Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE")::get).oneDnnIsa())
			.isEqualTo("Intel AVX2");
		assertThat(ComputeKernels.of("", Map.<String, String>of()::get).cpuModel()).isEqualTo("unknown");
	}

	@ParameterizedTest(name = "DNNL_MAX_CPU_ISA={0}")
	@ValueSource(strings = { "", "AVX2", "SSE41" })
	void agreesWithWhatOneDnnPrintsOnThisMachine(String cap) throws IOException, InterruptedException {
		ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), Child.class.getName())
			.redirectErrorStream(true);
		child.environment().put("DNNL_VERBOSE", "1");
		child.environment().put("DNNL_MAX_CPU_ISA", cap);
		Process process = child.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String derived = output.lines().filter(line -> line.startsWith("derived:")).findFirst().orElseThrow();
		String printed = output.lines()
			.filter(line -> line.startsWith("dnnl_verbose,info,cpu,isa:"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("oneDNN printed no isa line:\n" + output));
		assertThat(derived.substring("derived:".length()))
			.isEqualTo(printed.substring("dnnl_verbose,info,cpu,isa:".length()));
	}

	/** Runs one oneDNN op, so that oneDNN prints its instruction set, and says what the record derives. */
	static final class Child {

		public static void main(String[] args) {
			System.out.println("derived:" + ComputeKernels.current().oneDnnIsa());
			System.out.flush();
			INDArray input = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4);
			Pooling2DConfig config = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
				.paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
			Nd4j.exec(new MaxPooling2D(input, Nd4j.create(DataType.FLOAT, 1, 1, 2, 2), config));
		}

	}

}
