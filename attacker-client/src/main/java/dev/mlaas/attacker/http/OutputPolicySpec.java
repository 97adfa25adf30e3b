package dev.mlaas.attacker.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An output policy as the command line and the {@code Mlaas-Output-Policy} header write it: {@code full},
 * {@code top-k:K}, {@code rounding:D} or {@code label-only}; and what each leaves an attack to read.
 */
public final class OutputPolicySpec {

	private OutputPolicySpec() {
	}

	/** The policy as {@code PATCH /models/{id}} takes it; a malformed spec is a usage error. */
	public static Map<String, Object> toJson(String spec) {
		Map<String, Object> policy = new LinkedHashMap<>();
		try {
			if (spec.equals("full") || spec.equals("label-only")) {
				policy.put("type", spec);
			}
			else if (spec.startsWith("top-k:")) {
				policy.put("type", "top-k");
				policy.put("k", Integer.parseInt(spec.substring("top-k:".length())));
			}
			else if (spec.startsWith("rounding:")) {
				policy.put("type", "rounding");
				policy.put("decimals", Integer.parseInt(spec.substring("rounding:".length())));
			}
			else {
				throw new NumberFormatException();
			}
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("an output policy is full, top-k:K, rounding:D or label-only, not '"
					+ spec + "'");
		}
		return policy;
	}

	/** Every class's posterior is in the answer (rounded or not). */
	public static boolean wholeVector(String spec) {
		return spec.equals("full") || spec.startsWith("rounding:");
	}

	/** How many of the largest posteriors the answer holds: all of {@code classes}, k, or none (labels only). */
	public static int largestKept(String spec, int classes) {
		if (wholeVector(spec)) {
			return classes;
		}
		if (spec.startsWith("top-k:")) {
			return Math.min(classes, Integer.parseInt(spec.substring("top-k:".length())));
		}
		return 0;
	}

}
