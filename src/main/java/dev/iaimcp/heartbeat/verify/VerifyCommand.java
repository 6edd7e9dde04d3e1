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
		Deadline deadline = Deadline.in(options.timeLimit());
		Traces traces = new Traces();
		VerifyReport report = new VerifyReport(location.display(), location.wrappersDir(),
				options.json() ? VerifyCommand::atTheEnd : (line) -> printNow(out, line));
		Thread hook = new Thread(() -> removeOnTheWayOut(traces, err), "verify-cleanup");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			new Verifier(location, new ActuatorClient(location.actuator(), deadline), deadline, options.awaitService(),
					traces, report)
				.run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("verify: interrupted");
			return ExitCodes.NOT_ALL_HELD;
		}
		finally {
			traces.close();
			removeHook(hook);
		}
		if (options.json()) {
			out.print(report.json(JsonMapper.builder().build()) + "\n");
		}
		return report.ok() ? ExitCodes.OK : ExitCodes.NOT_ALL_HELD;
	}

	// --json prints one document, when all is known.
	private static void atTheEnd(String line) {
	}

	private static void printNow(PrintStream out, String line) {
		out.println(line);
		out.flush();
	}

	// SIGINT and SIGTERM end the JVM while the run's thread still runs: the hook removes
	// what it wrote, and from then on the run writes nothing (see Traces).
	private static void removeOnTheWayOut(Traces traces, PrintStream err) {
		if (traces.removeAll()) {
			err.println("verify: stopped; removed its stand-in wrappers and their files");
			err.flush();
		}
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already: the hook runs, and finds nothing left.
		}
	}

}
