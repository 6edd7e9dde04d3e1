package dev.iaimcp.heartbeat.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.iaimcp.heartbeat.command.OneShotCommand;
import dev.iaimcp.heartbeat.settings.CommandLineSettings;

/**
 * The command line of {@code verify}: its own flags, and the {@code --key=value} settings
 * that locate the service as they would configure it.
 *
 * @param json print the report as JSON, at the end, instead of lines as it goes
 * @param help print the usage and do nothing else
 * @param timeLimit how long the whole run may take
 * @param awaitService whether to keep asking a service that does not answer yet (it may
 * be starting) rather than fail at once: only when {@code --wait} was given
 * @param settings {@code --key=value} arguments, read as the service reads its own
 */
record VerifyOptions(boolean json, boolean help, Duration timeLimit, boolean awaitService,
		List<String> settings) implements OneShotCommand.Options {

	static final String USAGE = """
			usage: java -jar heartbeat-scanner.jar verify [--json] [--wait=SECONDS] [--key=value ...]
			  acts as an MCP wrapper towards the running service: writes a heartbeat as a wrapper
			  does, prints how long the service takes to see it come, refresh, exit and crash, each
			  as it happens, and checks that the service's next tick cleans up after the crash (or
			  says when it would, if that is after --wait); removes whatever it wrote, also when
			  stopped. Exits 0 when all held (a cleanup still pending included), 1 when not (or no
			  service answers), 2 on a bad command line or configuration
			  --json            print the report as one JSON document, at the end
			  --wait=SECONDS    end within SECONDS (default 60), asking a service that does not
			                    answer yet (e.g. just started) again until then
			  --key=value       a setting, as for the service, e.g. --server.port=9000""";

	/**
	 * Enough for the default tick (30 s) and its margin: a default service's cleanup is
	 * seen.
	 */
	static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);

	private static final String WAIT = "--wait=";

	VerifyOptions {
		settings = List.copyOf(settings);
	}

	/**
	 * Parses what follows {@code verify}.
	 * @param args the arguments after {@code verify}
	 * @return the options
	 * @throws IllegalArgumentException naming the first argument that is neither a flag
	 * nor a setting
	 */
	static VerifyOptions parse(List<String> args) {
		boolean json = false;
		boolean help = false;
		Duration timeLimit = DEFAULT_TIME_LIMIT;
		boolean awaitService = false;
		List<String> settings = new ArrayList<>();
		for (String arg : args) {
			switch (arg) {
				case "--json" -> json = true;
				case "-h", "--help" -> help = true;
				default -> {
					if (arg.startsWith(WAIT)) {
						timeLimit = seconds(arg);
						awaitService = true;
					}
					else {
						settings.add(CommandLineSettings.require(arg));
					}
				}
			}
		}
		return new VerifyOptions(json, help, timeLimit, awaitService, settings);
	}

	private static Duration seconds(String arg) {
		try {
			long seconds = Long.parseLong(arg.substring(WAIT.length()));
			if (seconds > 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("'" + arg + "' is not a number of seconds above 0");
	}

}
