package dev.mlaas.attacker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A grid's settings in a YAML or JSON file, read as {@code experiment}'s own options: each key is an option's long
 * name without its dashes, a list its comma-separated values, {@code true} a flag and {@code false} its
 * {@code --no-} form. So the file takes exactly what the command line takes, checked by the same parser, and an option
 * the command line names replaces the file's.
 */
final class GridFile {

	private GridFile() {
	}

	/** The file's options as command-line arguments, but for those named in {@code skipped} (long names). */
	static List<String> arguments(Path file, java.util.Set<String> skipped) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("--grid " + file + ": no such file");
		}
		Map<String, Object> settings;
		try {
			// JSON is YAML too, so one reader takes both
			settings = new YAMLMapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() {
			});
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--grid " + file + " is not a YAML or JSON map of options: "
					+ ex.getMessage().lines().findFirst().orElse(""));
		}
		List<String> args = new ArrayList<>();
		if (settings == null) {
			return args;
		}
		settings.forEach((key, value) -> {
			if ("grid".equals(key)) {
				throw new IllegalArgumentException("--grid " + file + ": a grid file cannot name another");
			}
			if (skipped.contains("--" + key)) {
				return;
			}
			if ("setting".equals(key) && value instanceof Map<?, ?> named) {
				// name: options as on the command line, or a map of them
				named.forEach((name, options) -> args.add("--setting=" + name + "=" + settingOptions(options)));
			}
			else if (value instanceof Boolean flag) {
				args.add(flag ? "--" + key : "--no-" + key);
			}
			else if (value instanceof List<?> list) {
				args.add("--" + key + "=" + String.join(",", list.stream().map(GridFile::scalar).toList()));
			}
			else {
				args.add("--" + key + "=" + scalar(value));
			}
		});
		return args;
	}

	private static String settingOptions(Object options) {
		if (options == null) {
			return "";
		}
		if (options instanceof Map<?, ?> map) {
			List<String> args = new ArrayList<>();
			map.forEach((key, value) -> args.add((value instanceof Boolean flag) ? (flag ? "--" + key : "--no-" + key)
					: "--" + key + "=" + scalar(value)));
			return String.join(" ", args);
		}
		return scalar(options);
	}

	private static String scalar(Object value) {
		if (value instanceof Map<?, ?> || value instanceof List<?>) {
			throw new IllegalArgumentException("a grid file takes plain values and lists, not " + value);
		}
		return String.valueOf(value);
	}

	/**
	 * Runs {@code experiment} with the file's options and then the command line's (which win), the file's name
	 * naming the grid unless {@code --grid-name} does.
	 */
	static int run(Path file, CommandSpec spec) throws Exception {
		return parse(file, spec).call();
	}

	/** The command the file and then the command line set up, not yet run. */
	static ExperimentCommand parse(Path file, CommandSpec spec) throws IOException {
		List<String> given = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
		int subcommand = given.indexOf(spec.name());
		if (subcommand >= 0) {
			given = new ArrayList<>(given.subList(subcommand + 1, given.size()));
		}
		List<String> commandLine = new ArrayList<>();
		java.util.Set<String> named = new java.util.HashSet<>();
		for (int i = 0; i < given.size(); i++) {
			String arg = given.get(i);
			String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			if (option.equals("--grid")) {
				i += arg.contains("=") ? 0 : 1;
				continue;
			}
			commandLine.add(arg);
			CommandLine.Model.OptionSpec known = option.startsWith("-") ? spec.findOption(option) : null;
			if (known != null) {
				named.add(known.longestName());
			}
			else if (option.startsWith("--no-")) {
				named.add("--" + option.substring("--no-".length()));
			}
		}
		List<String> args = new ArrayList<>(arguments(file, named));
		args.addAll(commandLine);
		if (!named.contains("--grid-name")) {
			args.add("--grid-name=" + file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", ""));
		}
		ExperimentCommand command = new ExperimentCommand();
		CommandLine cli = new CommandLine(command);
		cli.setOut(spec.commandLine().getOut());
		cli.setErr(spec.commandLine().getErr());
		try {
			cli.parseArgs(args.toArray(String[]::new));
		}
		catch (CommandLine.ParameterException ex) {
			throw new IllegalArgumentException("--grid " + file + ": " + ex.getMessage());
		}
		return command;
	}

}
