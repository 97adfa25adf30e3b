package dev.mlaas.attacker.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions that made a result: this client's (from the build), the DL4J version this build pins for the server
 * (the client itself no longer uses DL4J), and the JVM's.
 */
public final class ToolVersions {

	private ToolVersions() {
	}

	public static Map<String, String> current() {
		Properties build = new Properties();
		try (InputStream in = ToolVersions.class.getResourceAsStream("/attacker-client.properties")) {
			if (in != null) {
				build.load(in);
			}
		}
		catch (IOException ex) {
			// versions are informative; a report without them is still a report
		}
		Map<String, String> versions = new LinkedHashMap<>();
		versions.put("attackerClient", build.getProperty("version", "unknown"));
		versions.put("dl4j", build.getProperty("dl4j.version", "unknown"));
		versions.put("java", System.getProperty("java.version"));
		versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		String threads = System.getenv("OMP_NUM_THREADS");
		versions.put("ompNumThreads", (threads != null) ? threads : "unset");
		return versions;
	}

}
