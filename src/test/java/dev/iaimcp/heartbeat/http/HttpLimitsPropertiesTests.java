package dev.iaimcp.heartbeat.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class HttpLimitsPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("iai.heartbeat.http.max-request-body=4KB", "iai.heartbeat.http.request-body-timeout=3s");

	@Test
	void kebabCaseKeysBind() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HttpLimits.class))
			.isEqualTo(new HttpLimits(DataSize.ofKilobytes(4), Duration.ofSeconds(3))));
	}

	@Test
	void zeroBodyLimitStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.http.max-request-body=0B",
				"iai.heartbeat.http.max-request-body must be between 1B and 2GB but was 0B");
	}

	@Test
	void missingBodyTimeoutStopsStartUpNamingTheKeyAndRule() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesConfiguration.class)
			.withPropertyValues("iai.heartbeat.http.max-request-body=4KB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("iai.heartbeat.http.request-body-timeout must be greater than 0 but was null"));
	}

	@Test
	void negativeBodyTimeoutStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.http.request-body-timeout=-1s",
				"iai.heartbeat.http.request-body-timeout must be greater than 0 but was PT-1S");
	}

	private void assertStartUpFails(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessage(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpLimits.class)
	static class PropertiesConfiguration {

	}

}
