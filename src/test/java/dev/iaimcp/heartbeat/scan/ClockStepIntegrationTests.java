package dev.iaimcp.heartbeat.scan;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.process.ProcfsProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real wrapper process, its heartbeat written as the real writer does
 * ({@code started_at} once, {@code last_refresh} on each refresh), and a wall clock that
 * steps.
 */
class ClockStepIntegrationTests {

	private static final Path PROC = Path.of("/proc");

	@TempDir
	Path dir;

	private final MutableClock wall = new MutableClock(Instant.now());

	private Process wrapper;

	private Instant startedAt;

	@BeforeEach
	void startWrapper() throws Exception {
		assumeTrue(ProcfsProcessProbe.isAvailable(PROC), "needs Linux's /proc");
		this.wrapper = new ProcessBuilder("sleep", "60").start();
		this.startedAt = this.wall.instant();
	}

	@AfterEach
	void stopWrapper() {
		if (this.wrapper != null) {
			this.wrapper.destroyForcibly();
		}
	}

	@Test
	void forwardStepAfterTheServiceSawTheWrapperKeepsItFresh() {
		HeartbeatScanner scanner = scanner();
		refresh();
		assertThat(status(scanner)).isEqualTo(HeartbeatStatus.FRESH);
		step(Duration.ofSeconds(5));
		refresh();
		assertThat(status(scanner)).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void forwardStepBeforeTheServiceStartedKeepsTheWrapperFresh() {
		refresh();
		step(Duration.ofSeconds(120));
		refresh();
		assertThat(status(scanner())).isEqualTo(HeartbeatStatus.FRESH);
	}

	private void step(Duration step) {
		this.wall.advance(step);
	}

	private void refresh() {
		HeartbeatFiles.write(this.dir, this.wrapper.pid(), "u", this.startedAt, this.wall.instant());
	}

	private HeartbeatScanner scanner() {
		return new HeartbeatScanner(this.dir, Duration.ofSeconds(90), new ProcfsProcessProbe(PROC), this.wall,
				FileOwners.currentUid(FileSystems.getDefault()));
	}

	private static HeartbeatStatus status(HeartbeatScanner scanner) {
		return scanner.scan(ScanObserver.NONE).entries().get(0).status();
	}

}
