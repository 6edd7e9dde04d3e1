package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceConfiguration;
import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.runner.ScannerConfiguration;
import dev.iaimcp.heartbeat.runner.Tick;
import dev.iaimcp.heartbeat.runner.TickScheduling;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchConfigurationTests {

	private static final ProcessHandle OWN_PROCESS = ProcessHandle.current();

	@TempDir
	Path store;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ScannerConfiguration.class, TickScheduling.class, PresenceConfiguration.class,
				ScanRunner.class, Tick.class, WatchConfiguration.class)
		.withPropertyValues("iai.heartbeat.tick-interval-sec=3600");

	@Test
	void heartbeatIsSeenWithinASecondWithoutWaitingForTheTick() {
		Path wrappers = this.store.resolve("wrappers");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers).run((context) -> {
			LatestPresence latest = context.getBean(LatestPresence.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> latest.snapshot().scannedAt() != null);
			writeOwnHeartbeat(wrappers);
			await().atMost(Duration.ofSeconds(1)).until(() -> latest.snapshot().fresh() == 1);
			assertThat(latest.snapshot().state()).isEqualTo(PresenceState.ACTIVE);
			assertThat(latest.snapshot().lastFreshAt()).isNotNull();
		});
	}

	@Test
	void withWatchOffChangesWaitForTheTick() throws IOException {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers, "iai.heartbeat.watch=off")
			.run((context) -> {
				LatestPresence latest = context.getBean(LatestPresence.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> latest.snapshot().scannedAt() != null);
				writeOwnHeartbeat(wrappers);
				await().during(Duration.ofMillis(600)).until(() -> latest.snapshot().fresh() == 0);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "on", "auto", "poll" })
	void fileWhereTheDirectoryShouldBeIsWaitedOutAtStartUp(String mode) throws IOException {
		Path blocker = Files.writeString(this.store.resolve("blocker"), "a file where a directory should be");
		Path wrappers = blocker.resolve("wrappers");
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers, "iai.heartbeat.watch=" + mode)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LatestPresence latest = context.getBean(LatestPresence.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> latest.snapshot().scannedAt() != null);
				Files.delete(blocker);
				writeOwnHeartbeat(wrappers);
				await().atMost(Duration.ofSeconds(2)).until(() -> latest.snapshot().fresh() == 1);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "inotify", "poll" })
	void writeRightAfterTheDirectoryIsRemovedAndMadeAgainIsSeen(String mode) throws IOException {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers, "iai.heartbeat.watch=" + mode)
			.run((context) -> {
				LatestPresence latest = context.getBean(LatestPresence.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> latest.snapshot().scannedAt() != null);
				for (int i = 0; i < 3; i++) {
					HeartbeatFiles.write(wrappers, 999_999, "orphan", Instant.now());
					Thread.sleep(100);
					try (var files = Files.list(wrappers)) {
						for (Path file : files.toList()) {
							Files.delete(file);
						}
					}
					Files.delete(wrappers);
					Files.createDirectory(wrappers);
					writeOwnHeartbeat(wrappers);
					await().atMost(Duration.ofSeconds(2)).until(() -> latest.snapshot().fresh() == 1);
					Files.delete(wrappers.resolve("heartbeat-" + OWN_PROCESS.pid() + "-own-uuid.json"));
					await().atMost(Duration.ofSeconds(2)).until(() -> latest.snapshot().fresh() == 0);
				}
			});
	}

	// Our own pid is alive and started before the heartbeat says its writer did.
	static void writeOwnHeartbeat(Path wrappers) {
		HeartbeatFiles.write(wrappers, OWN_PROCESS.pid(), "own-uuid", OWN_PROCESS.info().startInstant().orElseThrow(),
				Instant.now());
	}

}
