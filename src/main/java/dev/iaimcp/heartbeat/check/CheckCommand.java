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

import dev.iaimcp.heartbeat.command.OneShotCommand;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.settings.CommandLineSettings;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * {@code java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--key=value ...]}:
 * the service's configuration and scan, built like {@code verify} from Spring Boot's
 * config data loading and binder and the Spring-free core, without an application
 * context, so neither a web server nor the tick can start, and nothing depends on which
 * beans the service's context would have.
 */
public final class CheckCommand extends OneShotCommand<CheckOptions, HeartbeatProperties> {

	/** The first argument that selects this command. */
	public static final String COMMAND = "check";

	public CheckCommand() {
		super(COMMAND, CheckOptions.USAGE);
	}

	@Override
	protected CheckOptions parse(List<String> args) {
		return CheckOptions.parse(args);
	}

	@Override
	protected HeartbeatProperties configure(CheckOptions options) {
		ConfigurableEnvironment environment = CommandLineSettings.environment(options.settings());
		initializeLogging(environment);
		return HeartbeatProperties.bind(Binder.get(environment));
	}

	@Override
	protected int work(CheckOptions options, HeartbeatProperties properties, PrintStream out, PrintStream err) {
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
