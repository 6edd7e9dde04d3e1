package dev.iaimcp.heartbeat.settings;

import java.util.List;

import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The configuration of the one-shot commands, which run without an application context:
 * the sources the service reads, by Spring Boot's own config data loading.
 */
public final class CommandLineSettings {

	private CommandLineSettings() {
	}

	/**
	 * Loads what the service would read: the packaged defaults,
	 * {@code ~/.iai-mcp/heartbeat-scanner.yml} or {@code $IAI_MCP_STORE/...},
	 * {@code ./application.yml}, the environment, and the given settings first.
	 * @param settings {@code --key=value} arguments, which win over everything else
	 * @return the environment
	 */
	public static ConfigurableEnvironment environment(List<String> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(settings.toArray(String[]::new)));
		ConfigDataEnvironmentPostProcessor.applyTo(environment);
		return environment;
	}

	/**
	 * Accepts an argument only as a setting, so that a mistyped flag does not pass for a
	 * setting nobody reads.
	 * @param arg the argument
	 * @return the argument, a {@code --key=value}
	 * @throws IllegalArgumentException when it is not one
	 */
	public static String require(String arg) {
		if (!arg.startsWith("--") || arg.indexOf('=') < 3) {
			throw new IllegalArgumentException("unknown argument '" + arg + "'");
		}
		return arg;
	}

}
