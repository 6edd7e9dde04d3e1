package dev.iaimcp.heartbeat.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ScannerConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ScannerConfiguration.class)
		.withPropertyValues("iai.heartbeat.wrappers-dir=/var/tmp/wrappers");

	@Test
	void scannerWatchesTheConfiguredDirectory() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HeartbeatScanner.class).wrappersDir())
			.hasToString("/var/tmp/wrappers"));
	}

	@Test
	void thresholdShorterThanTwoRefreshesIsWarnedAbout(CapturedOutput output) {
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=45")
			.run((context) -> assertThat(output).contains("iai.heartbeat.stale-threshold-sec is 45"));
	}

	@Test
	void defaultThresholdIsNotWarnedAbout(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("stale-threshold-sec is"));
	}

}
