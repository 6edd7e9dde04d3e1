package dev.iaimcp.heartbeat.check;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.TaskScheduler;

import dev.iaimcp.heartbeat.HeartbeatScannerApplication;
import dev.iaimcp.heartbeat.scan.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check as {@code main} runs it, in this JVM: the service's configuration, one scan,
 * an exit code.
 */
class OneShotCheckTests {

	private static final String SCHEDULING_PROCESSOR = "org.springframework.context.annotation.internalScheduledAnnotationProcessor";

	private final OneShotCheck check = new OneShotCheck(HeartbeatScannerApplication.class);

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path wrappersDir;

	@Test
	void checkStartsNeitherTheWebServerNorTheTick() {
		try (ConfigurableApplicationContext context = this.check.springApplication()
			.run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir)) {
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			assertThat(context.containsBean(SCHEDULING_PROCESSOR)).isFalse();
			assertThat(context.getBeanNamesForType(TaskScheduler.class)).isEmpty();
		}
	}

	@Test
	void checkScansOnceWithTheGivenSettingsAndDeletesNothingUnasked() {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir)).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 1 orphan\n");
		assertThat(orphan).exists();
	}

	@Test
	void checkWithCleanupDeletes() {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		assertThat(run("--cleanup", "--iai.heartbeat.wrappers-dir=" + this.wrappersDir)).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 1 orphan; 1 deleted\n");
		assertThat(orphan).doesNotExist();
	}

	@Test
	void badSettingExitsWithTwoNamingTheKeyAndTheRule() {
		assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.stale-threshold-sec=0"))
			.isEqualTo(2);
		assertThat(out()).isEmpty();
		assertThat(err()).isEqualTo("check: bad configuration: iai.heartbeat.stale-threshold-sec=0 "
				+ "(\"iai.heartbeat.stale-threshold-sec\" from property source \"commandLineArgs\"): "
				+ "must be greater than 0\n");
	}

	@Test
	void unknownArgumentExitsWithTwoAndTheUsageBeforeStartingAnything() {
		assertThat(run("--verbose")).isEqualTo(2);
		assertThat(err()).startsWith("check: unknown argument '--verbose'\nusage: java -jar heartbeat-scanner.jar check");
	}

	@Test
	void helpPrintsTheUsage() {
		assertThat(run("--help")).isZero();
		assertThat(out()).startsWith("usage: java -jar heartbeat-scanner.jar check [--json] [--cleanup]");
	}

	private int run(String... args) {
		return this.check.run(List.of(args), stream(this.out), stream(this.err));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private static PrintStream stream(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

}
