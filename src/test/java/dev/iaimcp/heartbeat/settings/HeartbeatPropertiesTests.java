package dev.iaimcp.heartbeat.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class HeartbeatPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(HeartbeatPropertiesConfiguration.class)
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
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class)).isEqualTo(
					new HeartbeatProperties(Path.of("/var/tmp/wrappers"), 120, 5, 600, false, null, WatchMode.AUTO)));
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
				"iai.heartbeat.stale-threshold-sec=0 (\"iai.heartbeat.stale-threshold-sec\" from property source "
						+ "\"test\"): must be greater than 0");
	}

	@Test
	void negativeTickIntervalStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.tick-interval-sec=-5",
				"iai.heartbeat.tick-interval-sec=-5 (\"iai.heartbeat.tick-interval-sec\" from property source "
						+ "\"test\"): must be greater than 0");
	}

	@Test
	void zeroIdleWindowStopsStartUpNamingTheKeyAndRule() {
		assertStartUpFails("iai.heartbeat.idle-window-sec=0",
				"iai.heartbeat.idle-window-sec=0 (\"iai.heartbeat.idle-window-sec\" from property source "
						+ "\"test\"): must be greater than 0");
	}

	@Test
	void everyBadValueIsReportedAtOnceByBootWithPropertyValueOriginAndReason(CapturedOutput output) {
		SpringApplication application = new SpringApplication(HeartbeatPropertiesConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--iai.heartbeat.wrappers-dir=/var/tmp/wrappers",
				"--iai.heartbeat.stale-threshold-sec=0", "--iai.heartbeat.tick-interval-sec=-5"));
		assertThat(output).contains("""
				    Property: iai.heartbeat.staleThresholdSec
				    Value: "0"
				    Origin: "iai.heartbeat.stale-threshold-sec" from property source "commandLineArgs"
				    Reason: must be greater than 0
				""", """
				    Property: iai.heartbeat.tickIntervalSec
				    Value: "-5"
				    Origin: "iai.heartbeat.tick-interval-sec" from property source "commandLineArgs"
				    Reason: must be greater than 0
				""");
	}

	@Test
	void bothBadValuesAreRenderedOnOneLineForTheCommands() {
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=0", "iai.heartbeat.idle-window-sec=-1")
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure())).isEqualTo(
					"iai.heartbeat.stale-threshold-sec=0 (\"iai.heartbeat.stale-threshold-sec\" from property source "
							+ "\"test\"): must be greater than 0; iai.heartbeat.idle-window-sec=-1 "
							+ "(\"iai.heartbeat.idle-window-sec\" from property source \"test\"): must be greater than 0"));
	}

	@Test
	void theCommandsBindAndValidateAsTheServiceDoes() {
		MockEnvironment environment = new MockEnvironment().withProperty("iai.heartbeat.wrappers-dir", "/w")
			.withProperty("iai.heartbeat.tick-interval-sec", "0");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> HeartbeatProperties.bind(Binder.get(environment)))
			.satisfies((ex) -> assertThat(SettingsErrors.describe(ex)).startsWith("iai.heartbeat.tick-interval-sec=0 (")
				.endsWith("): must be greater than 0"));
		environment.setProperty("iai.heartbeat.tick-interval-sec", "5");
		assertThat(HeartbeatProperties.bind(Binder.get(environment)).tickIntervalSec()).isEqualTo(5);
	}

	@Test
	void presenceGetsDrowsyAfterFiveMinutesAndWatchesWhenItCanByDefault() {
		this.contextRunner.run((context) -> {
			HeartbeatProperties properties = context.getBean(HeartbeatProperties.class);
			assertThat(properties.drowsyAfter()).isEqualTo(Duration.ofSeconds(300));
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
				"iai.heartbeat.drowsy-after-sec=0 (\"iai.heartbeat.drowsy-after-sec\" from property source "
						+ "\"test\"): must be greater than 0");
	}

	@Test
	void drowsyAfterAsLongAsTheIdleWindowStopsStartUpNamingBothKeys() {
		this.contextRunner.withPropertyValues("iai.heartbeat.drowsy-after-sec=600", "iai.heartbeat.idle-window-sec=600")
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure()))
				.isEqualTo("iai.heartbeat.drowsy-after-sec=600 (\"iai.heartbeat.drowsy-after-sec\" from property "
						+ "source \"test\"): must be less than iai.heartbeat.idle-window-sec (600)"));
	}

	@Test
	void drowsyAfterJustShorterThanTheIdleWindowIsAccepted() {
		this.contextRunner.withPropertyValues("iai.heartbeat.drowsy-after-sec=599", "iai.heartbeat.idle-window-sec=600")
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).drowsyAfter())
				.isEqualTo(Duration.ofSeconds(599)));
	}

	@ParameterizedTest
	@CsvSource({ "120, 20", "300, 50", "1799, 299.833", "1800, 300", "7200, 300", "1, 0.166" })
	void settingOnlyTheIdleWindowNeverBreaksStartUpDrowsinessFollowsIt(long idleWindowSec, double drowsySec) {
		this.contextRunner.withPropertyValues("iai.heartbeat.idle-window-sec=" + idleWindowSec).run((context) -> {
			assertThat(context).hasNotFailed();
			HeartbeatProperties properties = context.getBean(HeartbeatProperties.class);
			assertThat(properties.drowsyAfter().toMillis()).isEqualTo(Math.round(drowsySec * 1000));
			assertThat(properties.drowsyAfter()).isLessThan(properties.idleWindow());
		});
	}

	@Test
	void blankWrappersDirStopsStartUpNamingTheKeyAndRule() {
		this.contextRunner.withPropertyValues("iai.heartbeat.wrappers-dir=  ")
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure()))
				.startsWith("iai.heartbeat.wrappers-dir=")
				.endsWith(": must not be blank"));
		this.contextRunner.withPropertyValues("iai.heartbeat.wrappers-dir=")
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure()))
				.startsWith("iai.heartbeat.wrappers-dir=")
				.endsWith(": must not be blank"));
	}

	@Test
	void aShortThresholdIsAllowedButWarnedAboutNextToTheRules() {
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=45")
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).warnings()).singleElement()
				.asString()
				.startsWith("iai.heartbeat.stale-threshold-sec is 45: wrappers refresh every 30 s"));
		this.contextRunner
			.run((context) -> assertThat(context.getBean(HeartbeatProperties.class).warnings()).isEmpty());
	}

	@Test
	void nonNumericSecondsStopStartUpNamingTheKey() {
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=ninety")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("ninety"));
		this.contextRunner.withPropertyValues("iai.heartbeat.stale-threshold-sec=ninety")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("iai.heartbeat"));
	}

	private void assertStartUpFails(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(SettingsErrors.describe(context.getStartupFailure())).isEqualTo(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HeartbeatProperties.class)
	static class HeartbeatPropertiesConfiguration {

	}

}
