package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.scan.FakeProcessProbe;
import dev.iaimcp.heartbeat.scan.HeartbeatFiles;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.MutableClock;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot every face serves stays small whatever the directory holds, and what it
 * leaves out is said.
 */
class BoundedSnapshotTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final MutableClock clock = new MutableClock(START);

	private final FakeProcessProbe probe = new FakeProcessProbe();

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void snapshotOfAHugeDirectoryKeepsAThousandEntriesFreshFirst() {
		for (int pid = 1; pid <= 1200; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", START);
		}
		this.probe.alive(1200).alive(1199);
		HeartbeatProperties properties = new HeartbeatProperties(Path.of("/wrappers"), 90, 30, 1800, false, 300L,
				WatchMode.OFF);
		PresenceMonitor monitor = PresenceMonitors.create(
				new HeartbeatScanner(this.dir, properties.staleThreshold(), this.probe, this.clock, null), properties,
				this.clock, new LatestPresence(this.clock.instant()));
		PresenceSnapshot snapshot = monitor.scanNow(false);
		assertThat(snapshot.fresh()).isEqualTo(2);
		assertThat(snapshot.orphan()).isEqualTo(1198);
		assertThat(snapshot.entries()).hasSize(1000);
		assertThat(snapshot.omitted()).isEqualTo(200);
		assertThat(snapshot.entries().subList(0, 2)).extracting(PresenceSnapshot.Entry::status)
			.containsOnly(HeartbeatStatus.FRESH);
	}

}
