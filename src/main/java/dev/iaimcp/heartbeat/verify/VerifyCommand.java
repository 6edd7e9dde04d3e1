package dev.iaimcp.heartbeat.verify;

import java.io.PrintStream;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;

import dev.iaimcp.heartbeat.settings.SettingsErrors;

/**
 * {@code java -jar heartbeat-scanner.jar verify [--json] [--wait=SECONDS] [--key=value ...]}:
 * proves a running service sees wrappers come and go, by acting as one. Built on Spring
 * Boot's configuration loading alone: no application context, no web server.
 */
public final class VerifyCommand {

	/** The first argument that selects this command. */
	public static final String COMMAND = "verify";

	static final int NOT_ALL_HELD = 1;

	static final int USAGE_OR_CONFIGURATION_ERROR = 2;

	/**
	 * Runs verify; reports every failure as an exit code and a message, never by
	 * throwing.
	 * @param args the arguments after {@code verify}
	 * @param out where the report goes
	 * @param err where failures are explained
	 * @return the process exit code
	 */
	public int run(List<String> args, PrintStream out, PrintStream err) {
		VerifyOptions options;
		try {
			options = VerifyOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("verify: " + ex.getMessage());
			err.println(VerifyOptions.USAGE);
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		if (options.help()) {
			out.println(VerifyOptions.USAGE);
			return 0;
		}
		return run(options, out, err);
	}

	private int run(VerifyOptions options, PrintStream out, PrintStream err) {
		// Spring Boot's classes log through Logback, whose unconfigured default is DEBUG
		// on stdout.
		LoggingSystem.get(getClass().getClassLoader()).beforeInitialize();
		ServiceLocation location;
		try {
			location = ServiceLocation.resolve(options.settings());
		}
		catch (RuntimeException ex) {
			err.println("verify: bad configuration: " + SettingsErrors.describe(ex));
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		VerifyReport report;
		try {
			report = new Verifier(location, new ActuatorClient(location.actuator()), options.patience()).run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("verify: interrupted");
			return NOT_ALL_HELD;
		}
		out.print(options.json() ? report.json(JsonMapper.builder().build()) + "\n" : report.text());
		return report.ok() ? 0 : NOT_ALL_HELD;
	}

}
