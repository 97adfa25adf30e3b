package dev.mlaas.server.common;

/**
 * Turns on DL4J's oneDNN layer helpers, which DL4J leaves off unless a system property says otherwise. DL4J reads
 * the property whenever a layer is created, so it must be set before any network is built or restored: everything
 * that builds or restores one calls {@link #enable()} first.
 */
public final class OneDnn {

	static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";

	private OneDnn() {
	}

	public static void enable() {
		if (System.getProperty(HELPERS_DISABLED) == null) {
			System.setProperty(HELPERS_DISABLED, "false");
		}
	}

}
