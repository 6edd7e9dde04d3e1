package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live pid only vouches for a heartbeat if its process is the one that wrote it.
 */
class PidReuseTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Instant WRITER_START = NOW.minusSeconds(3600);

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final FakeProcessProbe probe = new FakeProcessProbe();

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void processStartedClearlyAfterTheWriterIsNotTheWriter() {
		this.probe.alive(100, WRITER_START.plusSeconds(3));
		assertThat(judge().status()).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void processStartedWithinClockResolutionOfTheWriterIsTheWriter() {
		this.probe.alive(100, WRITER_START.plusSeconds(2));
		assertThat(judge().status()).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void processStartedBeforeTheWriterRecordedItsStartIsTheWriter() {
		this.probe.alive(100, WRITER_START.minusMillis(400));
		assertThat(judge().status()).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void unknownProcessStartTimeGivesTheBenefitOfTheDoubt() {
		this.probe.alive(100);
		assertThat(judge().status()).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void realProcessStartedAfterTheHeartbeatsWriterIsOrphan(@TempDir Path realDir) throws Exception {
		Process newcomer = new ProcessBuilder("sleep", "60").start();
		try {
			Instant now = Instant.now();
			HeartbeatFiles.write(realDir, newcomer.pid(), "u", now.minusSeconds(600), now);
			HeartbeatScanner scanner = new HeartbeatScanner(realDir, Duration.ofSeconds(90), ProcessProbe.system(),
					Clock.systemUTC(), FileOwners.currentUid(FileSystems.getDefault()));
			assertThat(scanner.scan().entries()).singleElement().satisfies((entry) -> {
				assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN);
				assertThat(entry.processAlive()).isTrue();
			});
		}
		finally {
			newcomer.destroyForcibly();
		}
	}

	private HeartbeatEntry judge() {
		HeartbeatFiles.write(this.dir, 100, "u", WRITER_START, NOW.minusSeconds(10));
		HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), this.probe,
				new MutableClock(NOW), null);
		return scanner.scan().entries().get(0);
	}

}
