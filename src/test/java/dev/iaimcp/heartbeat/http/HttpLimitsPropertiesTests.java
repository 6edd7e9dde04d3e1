package dev.iaimcp.heartbeat.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.iaimcp.heartbeat.settings.SettingsErrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class HttpLimitsPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void unsetLimitsAreFourKilobytesAndThreeSeconds() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HttpLimits.class))
			.isEqualTo(new HttpLimits(DataSize.ofKilobytes(4), Duration.ofSeconds(3))));
	}

	@Test
	void kebabCaseKeysBind() {
		this.contextRunner
			.withPropertyValues("iai.heartbeat.http.max-request-body=8KB", "iai.heartbeat.http.request-body-timeout=2s")
			.run((context) -> assertThat(context.getBean(HttpLimits.class))
				.isEqualTo(new HttpLimits(DataSize.ofKilobytes(8), Duration.ofSeconds(2))));
	}

	@Test
	void zeroBodyLimitStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.http.max-request-body=0B",
				"iai.heartbeat.http.max-request-body=0B (\"iai.heartbeat.http.max-request-body\" from property source "
						+ "\"test\"): must be between 1B and 2GB");
	}

	@Test
	void bodyLimitBeyondTwoGigabytesStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.http.max-request-body=3GB",
				"iai.heartbeat.http.max-request-body=3221225472B (\"iai.heartbeat.http.max-request-body\" from property source "
						+ "\"test\"): must be between 1B and 2GB");
	}

	@Test
	void negativeBodyTimeoutStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.http.request-body-timeout=-1s",
				"iai.heartbeat.http.request-body-timeout=PT-1S (\"iai.heartbeat.http.request-body-timeout\" from "
						+ "property source \"test\"): must be greater than 0");
	}

	@Test
	void everyBadLimitIsReportedAtOnceByBootWithPropertyValueOriginAndReason(CapturedOutput output) {
		SpringApplication application = new SpringApplication(PropertiesConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--iai.heartbeat.http.max-request-body=0B",
				"--iai.heartbeat.http.request-body-timeout=0s"));
		assertThat(output).contains("""
				    Property: iai.heartbeat.http.maxRequestBody
				    Value: "0B"
				    Origin: "iai.heartbeat.http.max-request-body" from property source "commandLineArgs"
				    Reason: must be between 1B and 2GB
				""", """
				    Property: iai.heartbeat.http.requestBodyTimeout
				    Value: "PT0S"
				    Origin: "iai.heartbeat.http.request-body-timeout" from property source "commandLineArgs"
				    Reason: must be greater than 0
				""");
	}

	private void assertStartUpFails(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure())).isEqualTo(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpLimits.class)
	static class PropertiesConfiguration {

	}

}
