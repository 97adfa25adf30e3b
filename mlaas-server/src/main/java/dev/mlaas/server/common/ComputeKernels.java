package dev.mlaas.server.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What a training's floats depend on besides its seed: the CPU model, the instruction set oneDNN dispatches its
 * kernels to, the caps set on oneDNN and OpenBLAS, and the native thread count. The same seed gives bit-identical
 * weights only where all of these agree.
 * <p>
 * oneDNN takes the best instruction set the CPU has, up to {@code DNNL_MAX_CPU_ISA}; the name below is oneDNN's own
 * ({@code DNNL_VERBOSE=1} prints it as {@code isa:...}), and a test holds the two together.
 *
 * @param cpuModel the CPU's model name
 * @param oneDnnIsa the instruction set oneDNN dispatches to, in oneDNN's words
 * @param dnnlMaxCpuIsa {@code DNNL_MAX_CPU_ISA}, or {@code unset}
 * @param openblasCoreType {@code OPENBLAS_CORETYPE}, or {@code unset}
 * @param ompNumThreads {@code OMP_NUM_THREADS}, or {@code unset}
 */
public record ComputeKernels(String cpuModel, String oneDnnIsa, String dnnlMaxCpuIsa, String openblasCoreType,
		String ompNumThreads) {

	/** oneDNN 2's x86-64 instruction sets from the least to the most, as the CPU flags that each needs. */
	private static final List<Isa> ISAS = List.of(new Isa("SSE41", "Intel SSE4.1", Set.of("sse4_1")),
			new Isa("AVX", "Intel AVX", Set.of("avx")), new Isa("AVX2", "Intel AVX2", Set.of("avx", "avx2")),
			new Isa("AVX512_CORE", "Intel AVX-512 with AVX512BW, AVX512VL, and AVX512DQ extensions",
					Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq")),
			new Isa("AVX512_CORE_VNNI", "Intel AVX-512 with Intel DL Boost",
					Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni")),
			new Isa("AVX512_CORE_BF16", "Intel AVX-512 with Intel DL Boost and bfloat16 support",
					Set.of("avx2", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16")));

	/** This machine's, read from {@code /proc/cpuinfo} and the environment. */
	public static ComputeKernels current() {
		return of(cpuInfo(), System::getenv);
	}

	static ComputeKernels of(String cpuInfo, UnaryOperator<String> environment) {
		Map<String, String> first = Arrays.stream(cpuInfo.split("\n"))
			.takeWhile(line -> !line.isBlank())
			.filter(line -> line.contains(":"))
			.collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')).trim(),
					line -> line.substring(line.indexOf(':') + 1).trim(), (a, b) -> a));
		Set<String> flags = Set.of(first.getOrDefault("flags", "").split("\\s+"));
		String cap = environment.apply("DNNL_MAX_CPU_ISA");
		return new ComputeKernels(first.getOrDefault("model name", "unknown"), isa(flags, cap), orUnset(cap),
				orUnset(environment.apply("OPENBLAS_CORETYPE")), orUnset(environment.apply("OMP_NUM_THREADS")));
	}

	private static String isa(Set<String> flags, String cap) {
		String best = "unknown";
		for (Isa isa : ISAS) {
			if (!flags.containsAll(isa.flags())) {
				break;
			}
			best = isa.description();
			if (cap != null && isa.name().equals(cap.trim().toUpperCase(Locale.ROOT))) {
				break;
			}
		}
		return best;
	}

	private static String cpuInfo() {
		try {
			return Files.readString(Path.of("/proc/cpuinfo"));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	private static String orUnset(String value) {
		return (value == null || value.isBlank()) ? "unset" : value;
	}

	private record Isa(String name, String description, Set<String> flags) {
	}

}
