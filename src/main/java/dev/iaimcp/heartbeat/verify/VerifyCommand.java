package dev.iaimcp.heartbeat.verify;

import java.io.PrintStream;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;

import dev.iaimcp.heartbeat.command.ExitCodes;
import dev.iaimcp.heartbeat.command.OneShotCommand;

/**
 * {@code java -jar heartbeat-scanner.jar verify [--json] [--wait=SECONDS] [--key=value ...]}:
 * proves a running service sees wrappers come and go, by acting as one. Built on Spring
 * Boot's configuration loading alone: no application context, no web server.
 */
public final class VerifyCommand extends OneShotCommand<VerifyOptions, ServiceLocation> {

	/** The first argument that selects this command. */
	public static final String COMMAND = "verify";

	public VerifyCommand() {
		super(COMMAND, VerifyOptions.USAGE);
	}

	@Override
	protected VerifyOptions parse(List<String> args) {
		return VerifyOptions.parse(args);
	}

	@Override
	protected ServiceLocation configure(VerifyOptions options) {
		// Spring Boot's classes log through Logback, whose unconfigured default is DEBUG
		// on stdout.
		LoggingSystem.get(getClass().getClassLoader()).beforeInitialize();
		return ServiceLocation.resolve(options.settings());
	}

	@Override
	protected int work(VerifyOptions options, ServiceLocation location, PrintStream out, PrintStream err) {
		VerifyReport report;
		try {
			report = new Verifier(location, new ActuatorClient(location.actuator()), options.patience()).run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("verify: interrupted");
			return ExitCodes.NOT_ALL_HELD;
		}
		out.print(options.json() ? report.json(JsonMapper.builder().build()) + "\n" : report.text());
		return report.ok() ? ExitCodes.OK : ExitCodes.NOT_ALL_HELD;
	}

}
