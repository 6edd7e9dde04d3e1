package dev.iaimcp.heartbeat.actuate;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceMonitor;
import dev.iaimcp.heartbeat.presence.PresenceMonitors;
import dev.iaimcp.heartbeat.scan.FakeProcessProbe;
import dev.iaimcp.heartbeat.scan.HeartbeatFiles;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.MutableClock;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/home/user/.iai-mcp/wrappers");

	private final MutableClock clock = new MutableClock(NOW);

	private final HeartbeatProperties properties = new HeartbeatProperties(Path.of("/home/user/.iai-mcp/wrappers"),
			90, 30, 1800, true, 300L, WatchMode.OFF);

	private final LatestPresence latest = new LatestPresence(NOW);

	private final PresenceMonitor monitor = PresenceMonitors.create(
			new HeartbeatScanner(this.dir, this.properties.staleThreshold(), new FakeProcessProbe().alive(100),
					this.clock, null),
			this.properties, this.clock, this.latest);

	private final WrappersWatch watch = PresenceMonitors.watch(this.properties, this.monitor);

	private final HeartbeatHealthIndicator indicator = new HeartbeatHealthIndicator(this.latest, this.properties,
			Optional.of(this.watch));

	@AfterEach
	void closeFileSystem() throws IOException {
		this.watch.stop();
		this.fileSystem.close();
	}

	@Test
	void saysWhenChangesAreSeenOnTheTickOnly() {
		this.watch.start();
		this.monitor.scanNow(false);
		assertThat(this.indicator.health(true).getDetails()).containsEntry("watch",
				"tick only: iai.heartbeat.watch is off");
	}

	@Test
	void beforeTheFirstScanHealthIsUnknown() {
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void missingDirectoryIsUp() {
		this.monitor.scanNow(false);
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("fresh", 0)
			.containsEntry("active", false)
			.containsEntry("wrappersDir", "/home/user/.iai-mcp/wrappers");
	}

	@Test
	void upWithTheCounts() {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		HeartbeatFiles.write(this.dir, 100, "stale", NOW.minusSeconds(600));
		HeartbeatFiles.write(this.dir, 200, "orphan", NOW);
		this.monitor.scanNow(false);
		assertThat(this.indicator.health(true).getDetails()).containsEntry("fresh", 1)
			.containsEntry("stale", 1)
			.containsEntry("orphan", 1)
			.containsEntry("active", true);
	}

	@Test
	void downWhileThePathIsAFileAndUpAgainOnceItIsADirectory() throws IOException {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.monitor.scanNow(false);
		deleteRecursively(this.dir);
		Files.writeString(this.dir, "oops");
		this.monitor.scanNow(false);
		Health down = this.indicator.health(true);
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) down.getDetails().get("reason")).contains("NotDirectoryException");
		Files.delete(this.dir);
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.monitor.scanNow(false);
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void directoryVanishingIsUpAndEmpty() throws IOException {
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		this.monitor.scanNow(false);
		deleteRecursively(this.dir);
		this.monitor.scanNow(false);
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
