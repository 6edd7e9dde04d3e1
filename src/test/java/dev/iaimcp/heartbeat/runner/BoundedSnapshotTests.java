package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot every face serves stays small whatever the directory holds, and what it
 * leaves out is said.
 */
class BoundedSnapshotTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void snapshotOfAHugeDirectoryKeepsAThousandEntriesFreshFirst() {
		for (int pid = 1; pid <= 1200; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", START);
		}
		this.probe.alive(1200).alive(1199);
		ScanRunner runner = ScanRunners.create(this.fixture);
		PresenceSnapshot snapshot = runner.scanNow(false);
		assertThat(snapshot.fresh()).isEqualTo(2);
		assertThat(snapshot.orphan()).isEqualTo(1198);
		assertThat(snapshot.entries()).hasSize(1000);
		assertThat(snapshot.omitted()).isEqualTo(200);
		assertThat(snapshot.entries().subList(0, 2)).extracting(PresenceSnapshot.Entry::status)
			.containsOnly(HeartbeatStatus.FRESH);
	}

}
