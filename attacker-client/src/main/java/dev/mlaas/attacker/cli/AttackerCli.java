package dev.mlaas.attacker.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.mlaas.attacker.http.ApiProblemException;

/** The attacker's command line: a root command with one subcommand per task. */
@Command(name = "attacker-client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "A black-box membership-inference attacker against an MLaaS, over its public HTTP API.",
		subcommands = { AttackCommand.class, ExperimentCommand.class, GeneratePurchaseCommand.class })
public final class AttackerCli {

	/** The run finished, but the client's count of its own cost disagrees with the service's ledger. */
	static final int EXIT_LEDGER_MISMATCH = 3;

	/** A plan over the budget, refused before anything was spent, or a request the budget stopped. */
	static final int EXIT_OVER_BUDGET = 4;

	/** Tribuo reports every k-means iteration; held here because java.util.logging keeps loggers only weakly. */
	private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

	public static void main(String[] args) {
		TRIBUO.setLevel(java.util.logging.Level.WARNING);
		System.exit(commandLine().execute(args));
	}

	public static CommandLine commandLine() {
		CommandLine cli = new CommandLine(new AttackerCli());
		cli.setExecutionExceptionHandler(AttackerCli::handle);
		return cli;
	}

	/** One place maps failures to a message on stderr and an exit code; no stack trace for known failures. */
	private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
		PrintWriter err = cli.getErr();
		if (ex instanceof ApiProblemException problem) {
			err.println("error: the service answered " + problem.getMessage());
		}
		else if (ex instanceof dev.mlaas.attacker.http.BudgetExceededException over) {
			err.println("refused: " + over.getMessage());
			return EXIT_OVER_BUDGET;
		}
		else if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
				|| ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
			err.println("error: " + ex.getMessage());
		}
		else {
			ex.printStackTrace(err);
		}
		return 1;
	}

}
