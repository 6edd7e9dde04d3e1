package dev.iaimcp.heartbeat.check;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.settings.CommandLineSettings;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.SettingsErrors;

/**
 * {@code java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--key=value ...]}:
 * the service's configuration and scan, built like {@code verify} from Spring Boot's
 * config data loading and binder and the Spring-free core, without an application
 * context, so neither a web server nor the tick can start, and nothing depends on which
 * beans the service's context would have.
 */
public final class CheckCommand {

	/** The first argument that selects this command. */
	public static final String COMMAND = "check";

	static final int USAGE_OR_CONFIGURATION_ERROR = 2;

	/**
	 * Runs the check; reports every failure as an exit code and a message, never by
	 * throwing.
	 * @param args the arguments after {@code check}
	 * @param out where the answer goes
	 * @param err where failures are explained
	 * @return the process exit code
	 */
	public int run(List<String> args, PrintStream out, PrintStream err) {
		CheckOptions options;
		try {
			options = CheckOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("check: " + ex.getMessage());
			err.println(CheckOptions.USAGE);
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		if (options.help()) {
			out.println(CheckOptions.USAGE);
			return 0;
		}
		return run(options, out, err);
	}

	private int run(CheckOptions options, PrintStream out, PrintStream err) {
		HeartbeatProperties properties;
		try {
			ConfigurableEnvironment environment = CommandLineSettings.environment(options.settings());
			initializeLogging(environment);
			properties = HeartbeatProperties.bind(Binder.get(environment));
		}
		catch (RuntimeException ex) {
			err.println("check: bad configuration: " + SettingsErrors.describe(ex));
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		Clock clock = Clock.systemUTC();
		ScanRunner runner = ScanRunner.standalone(properties, clock);
		return new Checker(runner, properties, JsonMapper.builder().build()).run(options, out, err);
	}

	// Problems show on stderr as the service would log them; the chatter a one-shot
	// command has no use for (INFO) stays out unless logging.level.root says otherwise.
	private static void initializeLogging(ConfigurableEnvironment environment) {
		LoggingSystem logging = LoggingSystem.get(CheckCommand.class.getClassLoader());
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(environment), null, LogFile.get(environment));
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME,
				Binder.get(environment).bind("logging.level.root", LogLevel.class).orElse(LogLevel.WARN));
	}

}
