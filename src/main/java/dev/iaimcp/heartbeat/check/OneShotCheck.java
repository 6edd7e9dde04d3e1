package dev.iaimcp.heartbeat.check;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceMonitor;
import dev.iaimcp.heartbeat.scan.FileOwners;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.ProcessProbe;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.SettingsErrors;

/**
 * {@code java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--key=value ...]}:
 * the service's configuration and scan, built like {@code verify} from Spring Boot's
 * config data loading and binder and the Spring-free core, without an application
 * context, so neither a web server nor the tick can start, and nothing depends on which
 * beans the service's context would have.
 */
public final class OneShotCheck {

	/** The first argument that selects this command. */
	public static final String COMMAND = "check";

	static final int USAGE_OR_CONFIGURATION_ERROR = 2;

	private static final Logger logger = LoggerFactory.getLogger(OneShotCheck.class);

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
			ConfigurableEnvironment environment = configuration(options.settings());
			initializeLogging(environment);
			properties = HeartbeatProperties.bind(Binder.get(environment));
		}
		catch (RuntimeException ex) {
			err.println("check: bad configuration: " + SettingsErrors.describe(ex));
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		properties.warnings().forEach(logger::warn);
		Clock clock = Clock.systemUTC();
		HeartbeatScanner scanner = new HeartbeatScanner(properties.wrappersDir(), properties.staleThreshold(),
				ProcessProbe.system(), clock, FileOwners.currentUid(properties.wrappersDir().getFileSystem()));
		PresenceMonitor monitor = PresenceMonitor.standalone(scanner, properties, clock,
				new LatestPresence(clock.instant()));
		return new CheckCommand(monitor, properties, JsonMapper.builder().build()).run(options, out, err);
	}

	// The sources the service reads: the packaged defaults,
	// ~/.iai-mcp/heartbeat-scanner.yml or $IAI_MCP_STORE/..., ./application.yml, the
	// environment, and --key=value first.
	private static ConfigurableEnvironment configuration(List<String> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(settings.toArray(String[]::new)));
		ConfigDataEnvironmentPostProcessor.applyTo(environment);
		return environment;
	}

	// Problems show on stderr as the service would log them; the chatter a one-shot
	// command has no use for (INFO) stays out unless logging.level.root says otherwise.
	private static void initializeLogging(ConfigurableEnvironment environment) {
		LoggingSystem logging = LoggingSystem.get(OneShotCheck.class.getClassLoader());
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(environment), null, LogFile.get(environment));
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME,
				Binder.get(environment).bind("logging.level.root", LogLevel.class).orElse(LogLevel.WARN));
	}

}
