package dev.iaimcp.heartbeat.check;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import dev.iaimcp.heartbeat.settings.SettingsErrors;

/**
 * {@code java -jar heartbeat-scanner.jar check [--json] [--cleanup] [--key=value ...]}: the
 * service's configuration and scanner, without its web server and without its tick.
 */
public final class OneShotCheck {

	/** The first argument that selects this command. */
	public static final String COMMAND = "check";

	static final String PROFILE = "check";

	static final int USAGE_OR_CONFIGURATION_ERROR = 2;

	/**
	 * Only the beans the check needs are created (it starts in half the time), and the
	 * start-up chatter a one-shot command has no use for stays out; problems still show.
	 */
	private static final Map<String, Object> CHECK_DEFAULTS = Map.of("spring.main.lazy-initialization", "true",
			"logging.level.root", "WARN", "spring.main.log-startup-info", "false");

	private final Class<?> application;

	public OneShotCheck(Class<?> application) {
		this.application = application;
	}

	/**
	 * Runs the check; reports every failure as an exit code and a message, never by throwing.
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
		ConfigurableApplicationContext context;
		try {
			context = springApplication().run(options.settings().toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// Spring Boot has logged its failure analysis; this is the one line that matters.
			err.println("check: bad configuration: " + SettingsErrors.describe(ex));
			return USAGE_OR_CONFIGURATION_ERROR;
		}
		int exitCode = context.getBean(CheckCommand.class).run(options, out, err);
		return SpringApplication.exit(context, () -> exitCode);
	}

	SpringApplication springApplication() {
		SpringApplication application = new SpringApplication(this.application);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles(PROFILE);
		application.setDefaultProperties(CHECK_DEFAULTS);
		application.setRegisterShutdownHook(false);
		return application;
	}

}
