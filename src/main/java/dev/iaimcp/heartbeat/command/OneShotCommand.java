package dev.iaimcp.heartbeat.command;

import java.io.PrintStream;
import java.util.List;

import dev.iaimcp.heartbeat.settings.SettingsErrors;

/**
 * The skeleton of a one-shot command: parse what follows the command's name, answer
 * {@code -h/--help} with the usage, configure, then hand over to the worker. Every
 * failure is an exit code and a message on stderr, prefixed with the command's name,
 * never a throw.
 *
 * @param <O> the command line, as parsed
 * @param <C> what configuring yields
 */
public abstract class OneShotCommand<O extends OneShotCommand.Options, C> {

	private final String name;

	private final String usage;

	/**
	 * Creates the skeleton of one command.
	 * @param name the command's name, which prefixes its error messages
	 * @param usage what {@code -h/--help} prints, and a bad command line after its reason
	 */
	protected OneShotCommand(String name, String usage) {
		this.name = name;
		this.usage = usage;
	}

	/**
	 * Runs the command; reports every failure as an exit code and a message, never by
	 * throwing.
	 * @param args the arguments after the command's name
	 * @param out where the answer goes
	 * @param err where failures are explained
	 * @return the process exit code, one of {@link ExitCodes}
	 */
	public final int run(List<String> args, PrintStream out, PrintStream err) {
		O options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println(this.name + ": " + ex.getMessage());
			err.println(this.usage);
			return ExitCodes.USAGE_OR_CONFIGURATION_ERROR;
		}
		if (options.help()) {
			out.println(this.usage);
			return ExitCodes.OK;
		}
		C configured;
		try {
			configured = configure(options);
		}
		catch (RuntimeException ex) {
			err.println(this.name + ": bad configuration: " + SettingsErrors.describe(ex));
			return ExitCodes.USAGE_OR_CONFIGURATION_ERROR;
		}
		return work(options, configured, out, err);
	}

	/**
	 * Parses the arguments after the command's name.
	 * @param args the arguments
	 * @return the command line
	 * @throws IllegalArgumentException naming the first argument that is neither a flag
	 * nor a setting
	 */
	protected abstract O parse(List<String> args);

	/**
	 * Reads the settings the command line names.
	 * @param options the command line
	 * @return what the worker needs
	 * @throws RuntimeException when a setting is bad, described by {@link SettingsErrors}
	 */
	protected abstract C configure(O options);

	/**
	 * Does the command's work, once configured.
	 * @param options the command line
	 * @param configured what {@link #configure(Options)} yielded
	 * @param out where the answer goes
	 * @param err where failures are explained
	 * @return the process exit code, one of {@link ExitCodes}
	 */
	protected abstract int work(O options, C configured, PrintStream out, PrintStream err);

	/**
	 * What every command line has.
	 */
	public interface Options {

		/**
		 * Whether {@code -h} or {@code --help} was given.
		 * @return whether to print the usage and do nothing else
		 */
		boolean help();

	}

}
