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
 * @param json print the report as JSON instead of lines
 * @param help print the usage and do nothing else
 * @param patience how long to wait for the service to answer (it may be starting)
 * @param settings {@code --key=value} arguments, read as the service reads its own
 */
record VerifyOptions(boolean json, boolean help, Duration patience,
		List<String> settings) implements OneShotCommand.Options {

	static final String USAGE = """
			usage: java -jar heartbeat-scanner.jar verify [--json] [--wait=SECONDS] [--key=value ...]
			  acts as an MCP wrapper towards the running service: writes a heartbeat as a wrapper
			  does, times how long the service takes to see it come, refresh, exit and crash, and
			  checks that the service cleans up after the crash; removes whatever it wrote. Exits 0
			  when all held, 1 when not (or no service answers), 2 on a bad command line or configuration
			  --json            print the report as JSON
			  --wait=SECONDS    wait up to SECONDS for the service to answer, e.g. right after starting it
			  --key=value       a setting, as for the service, e.g. --server.port=9000""";

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
		Duration patience = Duration.ZERO;
		List<String> settings = new ArrayList<>();
		for (String arg : args) {
			switch (arg) {
				case "--json" -> json = true;
				case "-h", "--help" -> help = true;
				default -> {
					if (arg.startsWith(WAIT)) {
						patience = seconds(arg);
					}
					else {
						settings.add(CommandLineSettings.require(arg));
					}
				}
			}
		}
		return new VerifyOptions(json, help, patience, settings);
	}

	private static Duration seconds(String arg) {
		try {
			long seconds = Long.parseLong(arg.substring(WAIT.length()));
			if (seconds >= 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("'" + arg + "' is not a number of seconds");
	}

}
