package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.scan.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class PresenceWatchTests {

	private static final ProcessHandle OWN_PROCESS = ProcessHandle.current();

	@TempDir
	Path store;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(HeartbeatConfiguration.class, TickScheduling.class, PresenceConfiguration.class,
				PresenceMonitor.class)
		.withPropertyValues("iai.heartbeat.tick-interval-sec=3600");

	@Test
	void heartbeatIsSeenWithinASecondWithoutWaitingForTheTick() {
		Path wrappers = this.store.resolve("wrappers");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers).run((context) -> {
			PresenceMonitor monitor = context.getBean(PresenceMonitor.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> monitor.snapshot().scannedAt() != null);
			writeOwnHeartbeat(wrappers);
			await().atMost(Duration.ofSeconds(1)).until(() -> monitor.snapshot().fresh() == 1);
			assertThat(monitor.snapshot().state()).isEqualTo(PresenceState.ACTIVE);
			assertThat(monitor.snapshot().lastFreshAt()).isNotNull();
		});
	}

	@Test
	void withWatchOffChangesWaitForTheTick() throws IOException {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers, "iai.heartbeat.watch=off")
			.run((context) -> {
				PresenceMonitor monitor = context.getBean(PresenceMonitor.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> monitor.snapshot().scannedAt() != null);
				writeOwnHeartbeat(wrappers);
				await().during(Duration.ofMillis(600)).until(() -> monitor.snapshot().fresh() == 0);
			});
	}

	@Test
	void withWatchOnADirectoryThatCannotBeWatchedIsAStartupError() throws IOException {
		Path blocker = Files.writeString(this.store.resolve("blocker"), "a file where a directory should be");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + blocker.resolve("wrappers"),
				"iai.heartbeat.watch=on")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("iai.heartbeat.watch is 'on' but " + blocker.resolve("wrappers")
						+ " cannot be watched: java.nio.file.NotDirectoryException"));
	}

	@Test
	void withWatchAutoADirectoryThatCannotBeWatchedFallsBackToTheTick(CapturedOutput output) throws IOException {
		Path blocker = Files.writeString(this.store.resolve("blocker"), "a file where a directory should be");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + blocker.resolve("wrappers"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Cannot watch " + blocker.resolve("wrappers")
						+ "; changes are seen on the tick only");
			});
	}

	@Test
	void theOneShotCheckNeitherWatchesNorWritesTheStateFile() {
		Path wrappers = this.store.resolve("wrappers");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers, "spring.profiles.active=check")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WrappersWatch.class);
				writeOwnHeartbeat(wrappers);
				assertThat(context.getBean(PresenceMonitor.class).scanNow(false).fresh()).isEqualTo(1);
				assertThat(this.store.resolve(PresenceStore.FILE_NAME)).doesNotExist();
			});
		assertThat(this.store.resolve(PresenceStore.FILE_NAME)).doesNotExist();
	}

	// Our own pid is alive and started before the heartbeat says its writer did.
	static void writeOwnHeartbeat(Path wrappers) {
		HeartbeatFiles.write(wrappers, OWN_PROCESS.pid(), "own-uuid", OWN_PROCESS.info().startInstant().orElseThrow(),
				Instant.now());
	}

}
