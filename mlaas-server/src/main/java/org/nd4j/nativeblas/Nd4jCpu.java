package org.nd4j.nativeblas;

/**
 * A shim for a known DL4J 1.0.0-M2.1 defect: its oneDNN helpers check {@code org.nd4j.nativeblas.Nd4jCpu$Environment
 * #isUseMKLDNN()} by reflection, a name the M2.1 backend no longer has, so the check fails silently and conv layers
 * never use oneDNN. This class answers under the old name from the new binding. {@code OneDnnFastPathTests} proves
 * the fast path is taken, so a dependency bump cannot silently lose it.
 */
public final class Nd4jCpu {

	private Nd4jCpu() {
	}

	/** The old environment singleton, as DL4J's {@code BaseMKLDNNHelper} looks it up. */
	public static final class Environment {

		private static final Environment INSTANCE = new Environment();

		private Environment() {
		}

		public static Environment getInstance() {
			return INSTANCE;
		}

		public boolean isUseMKLDNN() {
			return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
		}

	}

}
