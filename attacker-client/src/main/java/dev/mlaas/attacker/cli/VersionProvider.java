package dev.mlaas.attacker.cli;

import picocli.CommandLine.IVersionProvider;

import dev.mlaas.attacker.report.ToolVersions;

/** {@code --version}: this client's version and what it runs on. */
class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		return ToolVersions.current().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
	}

}
