package dev.iaimcp.heartbeat.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.watch.WatchServices;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(NOW);

	private final Path dir = this.fixture.dir();

	private final ScanRunner runner = this.fixture.runner();

	private final WrappersWatch watch = new WrappersWatch(this.fixture.settings(), () -> this.runner.scanNow(false),
			this.fixture.clock(), WatchServices.SYSTEM);

	private final HeartbeatHealthIndicator indicator = new HeartbeatHealthIndicator(this.fixture.latest(),
			this.fixture.settings(), this.watch);

	@BeforeEach
	void liveProcess() {
		this.fixture.probe().alive(100);
	}

	@AfterEach
	void closeFixture() {
		this.watch.stop();
		this.fixture.close();
	}

	@Test
	void saysWhenChangesAreSeenOnTheTickOnly() {
		this.watch.start();
		this.runner.scanNow(false);
		assertThat(this.indicator.health(true).getDetails()).containsEntry("watch",
				"tick only: iai.heartbeat.watch is off");
	}

	@Test
	void beforeTheFirstScanHealthIsUnknown() {
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void missingDirectoryIsUp() {
		this.runner.scanNow(false);
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("fresh", 0)
			.containsEntry("active", false)
			.containsEntry("wrappersDir", "/wrappers");
	}

	@Test
	void upWithTheCounts() {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		HeartbeatFiles.write(this.dir, 100, "stale", NOW.minusSeconds(600));
		HeartbeatFiles.write(this.dir, 200, "orphan", NOW);
		this.runner.scanNow(false);
		assertThat(this.indicator.health(true).getDetails()).containsEntry("fresh", 1)
			.containsEntry("stale", 1)
			.containsEntry("orphan", 1)
			.containsEntry("active", true);
	}

	@Test
	void downWhileThePathIsAFileAndUpAgainOnceItIsADirectory() throws IOException {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.runner.scanNow(false);
		deleteRecursively(this.dir);
		Files.writeString(this.dir, "oops");
		this.runner.scanNow(false);
		Health down = this.indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) down.getDetails().get("reason")).contains("NotDirectoryException");
		Files.delete(this.dir);
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.runner.scanNow(false);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void directoryVanishingIsUpAndEmpty() throws IOException {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.runner.scanNow(false);
		deleteRecursively(this.dir);
		this.runner.scanNow(false);
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("fresh", 0);
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(dir);
	}

}
