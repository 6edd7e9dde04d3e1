package dev.iaimcp.heartbeat.http;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class AotManagementPortGuardTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(AotManagementPortGuard.class)
		.withPropertyValues("server.port=8479");

	@Test
	void aotProcessedServiceRefusesASeparateManagementPortNamingTheKey() {
		this.contextRunner.withSystemProperties("spring.aot.enabled=true")
			.withPropertyValues("management.server.port=9001")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("management.server.port")
				.hasMessageContaining("9001"));
	}

	@Test
	void aotProcessedServiceStartsWithActuatorOnTheServerPort() {
		this.contextRunner.withSystemProperties("spring.aot.enabled=true")
			.withPropertyValues("management.server.port=8479")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void serviceWithoutAotMayUseASeparateManagementPort() {
		this.contextRunner.withPropertyValues("management.server.port=9001")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
