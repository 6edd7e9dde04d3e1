package dev.iaimcp.heartbeat.check;

import java.util.ArrayList;
import java.util.List;

import dev.iaimcp.heartbeat.command.OneShotCommand;
import dev.iaimcp.heartbeat.history.PresenceHistory;
import dev.iaimcp.heartbeat.settings.CommandLineSettings;

/**
 * The command line of {@code check}: its own flags, and the {@code --key=value} settings
 * it hands to Spring Boot like the service does.
 *
 * @param json print the snapshot as JSON instead of one line
 * @param cleanup delete STALE and ORPHAN files
 * @param help print the usage and do nothing else
 * @param settings {@code --key=value} arguments for Spring Boot
 * @param history how many of the newest events of the service's history to print, 0 for
 * none
 */
record CheckOptions(boolean json, boolean cleanup, boolean help, List<String> settings,
		int history) implements OneShotCommand.Options {

	static final String USAGE = """
			usage: java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--history N] [--key=value ...]
			  scans the wrappers directory once and prints what it found; exits 0 when the
			  directory could be read, 1 when not, 2 on a bad command line or configuration
			  --json       print the snapshot as JSON instead of one line
			  --cleanup    delete STALE and ORPHAN heartbeat files (never FRESH ones) as the tick does
			  --history N  then the last N (1 to 1000) events of the history the service keeps
			               (arrivals, departures and why, presence changes, starts and stops)
			  --key=value  a setting, as for the service, e.g. --iai.heartbeat.wrappers-dir=/path""";

	private static final String HISTORY = "--history";

	CheckOptions {
		settings = List.copyOf(settings);
	}

	CheckOptions(boolean json, boolean cleanup, boolean help, List<String> settings) {
		this(json, cleanup, help, settings, 0);
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
		int history = 0;
		List<String> settings = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			switch (arg) {
				case "--json" -> json = true;
				case "--cleanup" -> cleanup = true;
				case "-h", "--help" -> help = true;
				case HISTORY -> history = count((i + 1 < args.size()) ? args.get(++i) : "");
				default -> {
					if (arg.startsWith(HISTORY + "=")) {
						history = count(arg.substring(HISTORY.length() + 1));
					}
					else {
						settings.add(CommandLineSettings.require(arg));
					}
				}
			}
		}
		return new CheckOptions(json, cleanup, help, settings, history);
	}

	private static int count(String value) {
		if (value.isEmpty() || value.length() > 4 || !value.chars().allMatch(Character::isDigit)
				|| Integer.parseInt(value) < 1 || Integer.parseInt(value) > PresenceHistory.CAPACITY) {
			throw new IllegalArgumentException(
					"--history needs a number from 1 to " + PresenceHistory.CAPACITY + ", not '" + value + "'");
		}
		return Integer.parseInt(value);
	}

}
