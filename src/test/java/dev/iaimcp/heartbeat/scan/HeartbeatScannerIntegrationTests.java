package dev.iaimcp.heartbeat.scan;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner on a real directory against real processes.
 */
class HeartbeatScannerIntegrationTests {

	@TempDir
	Path dir;

	private Process wrapper;

	@AfterEach
	void stopWrapper() {
		if (this.wrapper != null) {
			this.wrapper.destroyForcibly();
		}
	}

	@Test
	void liveWrapperIsFreshAndKeepsItsFileUntilItDiesThenItIsCleanedUp() throws Exception {
		this.wrapper = new ProcessBuilder("sleep", "60").start();
		Instant startedAt = Instant.now();
		Path file = HeartbeatFiles.write(this.dir, this.wrapper.pid(), "4f1c-9a2e", startedAt, startedAt);
		HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), ProcessProbe.system(),
				Clock.systemUTC(), FileOwners.currentUid(FileSystems.getDefault()));

		DeleteWhatIsOffered cleanup = new DeleteWhatIsOffered();
		Scan whileAlive = scanner.scan(cleanup);
		assertThat(whileAlive.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.FRESH));
		assertThat(cleanup.deleted()).isEmpty();
		assertThat(file).exists();

		this.wrapper.destroyForcibly().waitFor();
		Scan afterDeath = scanner.scan(cleanup);
		assertThat(afterDeath.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN));
		assertThat(cleanup.deleted()).containsExactly(file);
		assertThat(file).doesNotExist();
	}

}
