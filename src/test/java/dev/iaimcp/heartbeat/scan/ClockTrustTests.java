package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timestamps ahead of our clock cannot pin presence.
 */
class ClockTrustTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final MutableClock clock = new MutableClock(NOW);

	private final FakeProcessProbe probe = new FakeProcessProbe().alive(100);

	private final HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), this.probe,
			this.clock, null);

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void lastRefreshAFewSecondsAheadIsTrusted() {
		write(NOW.plusSeconds(3), NOW);
		HeartbeatEntry entry = onlyEntry();
		assertThat(entry.lastRefresh()).isEqualTo(NOW.plusSeconds(3));
		assertThat(entry.status()).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void lastRefreshFarAheadYieldsToTheFilesModificationTime() {
		write(NOW.plus(Duration.ofDays(365)), NOW.minusSeconds(600));
		HeartbeatEntry entry = onlyEntry();
		assertThat(entry.lastRefresh()).isEqualTo(NOW.minusSeconds(600));
		assertThat(entry.status()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void fileDatedAheadEverywhereAgesFromWhenWeFirstSawIt() {
		Instant future = NOW.plus(Duration.ofDays(365));
		write(future, future);
		assertThat(onlyEntry().status()).isEqualTo(HeartbeatStatus.FRESH);
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(onlyEntry().lastRefresh()).isEqualTo(NOW);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(onlyEntry().status()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void rewrittenFileDatedAheadIsAFreshObservation() {
		Instant future = NOW.plus(Duration.ofDays(365));
		write(future, future);
		onlyEntry();
		this.clock.advance(Duration.ofSeconds(120));
		write(future.plusSeconds(30), future.plusSeconds(30));
		assertThat(onlyEntry().status()).isEqualTo(HeartbeatStatus.FRESH);
	}

	private void write(Instant lastRefresh, Instant modified) {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-100-u.json",
				"{\"pid\": 100, \"uuid\": \"u\", \"last_refresh\": \"" + lastRefresh + "\"}", modified);
	}

	private HeartbeatEntry onlyEntry() {
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).hasSize(1);
		return scan.entries().get(0);
	}

}
