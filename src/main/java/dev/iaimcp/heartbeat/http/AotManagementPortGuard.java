package dev.iaimcp.heartbeat.http;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Stops a start that asks for a management port of its own while the service runs from
 * the bean definitions Spring AOT fixed at build time (deploy/jvm.options): there the
 * setting would be ignored without a word, and health, presence, {@code check} and
 * {@code verify} would be looked for on a port nobody listens on.
 */
@Component
final class AotManagementPortGuard implements InitializingBean {

	static final String KEY = "management.server.port";

	private final Environment environment;

	AotManagementPortGuard(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (AotDetector.useGeneratedArtifacts()
				&& ManagementPortType.get(this.environment) == ManagementPortType.DIFFERENT) {
			throw new InvalidConfigurationPropertyValueException(KEY, this.environment.getProperty(KEY),
					"the service runs AOT-processed (-Dspring.aot.enabled=true), which serves actuator on "
							+ "server.port only; remove that line from jvm.options to use a separate port");
		}
	}

}
