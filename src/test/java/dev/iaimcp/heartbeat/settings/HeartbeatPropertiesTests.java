package dev.iaimcp.heartbeat.settings;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("iai.heartbeat.wrappers-dir=/var/tmp/wrappers");

	@Test
	void defaultsMatchTheSeed() {
		this.contextRunner.run((context) -> {
			HeartbeatProperties properties = context.getBean(HeartbeatProperties.class);
			assertThat(properties.wrappersDir()).isEqualTo(Path.of("/var/tmp/wrappers"));
			assertThat(properties.staleThresholdSec()).isEqualTo(90);
			assertThat(properties.tickIntervalSec()).isEqualTo(30);
			assertThat(properties.idleWindowSec()).isEqualTo(1800);
			assertThat(properties.cleanupEnabled()).isTrue();
		});
	}

	@Test
	void kebabCaseKeysBind() {
		this.contextRunner
			.withPropertyValues("iai.heartbeat.stale-threshold-sec=120", "iai.heartbeat.tick-interval-sec=5",
					"iai.heartbeat.idle-window-sec=600", "iai.heartbeat.cleanup-enabled=false")
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class))
				.isEqualTo(new HeartbeatProperties(Path.of("/var/tmp/wrappers"), 120, 5, 600, false, 300,
						WatchMode.AUTO)));
	}

	@Test
	void tildeMeansTheUsersHome() {
		this.contextRunner.withPropertyValues("iai.heartbeat.wrappers-dir=~/.iai-mcp/wrappers")
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).wrappersDir())
				.isEqualTo(Path.of(System.getProperty("user.home"), ".iai-mcp", "wrappers")));
	}

	@Test
	void zeroStaleThresholdStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.stale-threshold-sec=0",
				"iai.heartbeat.stale-threshold-sec must be greater than 0 but was 0");
	}

	@Test
	void negativeTickIntervalStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.tick-interval-sec=-5",
				"iai.heartbeat.tick-interval-sec must be greater than 0 but was -5");
	}

	@Test
	void zeroIdleWindowStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.idle-window-sec=0",
				"iai.heartbeat.idle-window-sec must be greater than 0 but was 0");
	}

	@Test
	void presenceGetsDrowsyAfterFiveMinutesAndWatchesWhenItCanByDefault() {
		this.contextRunner.run((context) -> {
			HeartbeatProperties properties = context.getBean(HeartbeatProperties.class);
			assertThat(properties.drowsyAfterSec()).isEqualTo(300);
			assertThat(properties.watch()).isEqualTo(WatchMode.AUTO);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "auto", "on", "native", "inotify", "poll", "off" })
	void watchIsAModeByItsLowerCaseName(String name) {
		this.contextRunner.withPropertyValues("iai.heartbeat.watch=" + name)
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).watch())
				.isEqualTo(WatchMode.valueOf(name.toUpperCase(Locale.ROOT))));
	}

	@Test
	void unknownWatchModeStopsStartUpNamingTheKey() {
		this.contextRunner.withPropertyValues("iai.heartbeat.watch=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'iai.heartbeat.watch'"));
	}

	@Test
	void zeroDrowsyAfterStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.drowsy-after-sec=0",
				"iai.heartbeat.drowsy-after-sec must be greater than 0 but was 0");
	}

	@Test
	void drowsyAfterAsLongAsTheIdleWindowStopsStartUpNamingBothKeys() {
		this.contextRunner.withPropertyValues("iai.heartbeat.drowsy-after-sec=600", "iai.heartbeat.idle-window-sec=600")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("iai.heartbeat.drowsy-after-sec must be less than iai.heartbeat.idle-window-sec (600) "
						+ "but was 600"));
	}

	@Test
	void drowsyAfterJustShorterThanTheIdleWindowIsAccepted() {
		this.contextRunner.withPropertyValues("iai.heartbeat.drowsy-after-sec=599", "iai.heartbeat.idle-window-sec=600")
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).drowsyAfterSec()).isEqualTo(599));
	}

	@Test
	void blankWrappersDirStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.wrappers-dir=  ", "iai.heartbeat.wrappers-dir must not be blank");
		assertStartUpFails("iai.heartbeat.wrappers-dir=", "iai.heartbeat.wrappers-dir must not be blank");
	}

	@Test
	void nonNumericSecondsStopStartUpNamingTheKey() {
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=ninety")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ninety"));
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=ninety")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("iai.heartbeat"));
	}

	private void assertStartUpFails(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessage(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HeartbeatProperties.class)
	static class PropertiesConfiguration {

	}

}
