package dev.iaimcp.heartbeat.check;

import java.util.ArrayList;
import java.util.List;

import dev.iaimcp.heartbeat.command.OneShotCommand;
import dev.iaimcp.heartbeat.settings.CommandLineSettings;

/**
 * The command line of {@code check}: its own flags, and the {@code --key=value} settings
 * it hands to Spring Boot like the service does.
 *
 * @param json print the snapshot as JSON instead of one line
 * @param cleanup delete STALE and ORPHAN files
 * @param help print the usage and do nothing else
 * @param settings {@code --key=value} arguments for Spring Boot
 */
record CheckOptions(boolean json, boolean cleanup, boolean help,
		List<String> settings) implements OneShotCommand.Options {

	static final String USAGE = """
			usage: java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--key=value ...]
			  scans the wrappers directory once and prints what it found; exits 0 when the
			  directory could be read, 1 when not, 2 on a bad command line or configuration
			  --json       print the snapshot as JSON instead of one line
			  --cleanup    delete STALE and ORPHAN heartbeat files (never FRESH ones) as the tick does
			  --key=value  a setting, as for the service, e.g. --iai.heartbeat.wrappers-dir=/path""";

	CheckOptions {
		settings = List.copyOf(settings);
	}

	/**
	 * Parses what follows {@code check}.
	 * @param args the arguments after {@code check}
	 * @return the options
	 * @throws IllegalArgumentException naming the first argument that is neither a flag
	 * nor a setting
	 */
	static CheckOptions parse(List<String> args) {
		boolean json = false;
		boolean cleanup = false;
		boolean help = false;
		List<String> settings = new ArrayList<>();
		for (String arg : args) {
			switch (arg) {
				case "--json" -> json = true;
				case "--cleanup" -> cleanup = true;
				case "-h", "--help" -> help = true;
				default -> settings.add(CommandLineSettings.require(arg));
			}
		}
		return new CheckOptions(json, cleanup, help, settings);
	}

}
