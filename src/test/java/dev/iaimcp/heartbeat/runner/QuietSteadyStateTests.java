package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An always-on service that logs on every tick buries what matters: once a directory has
 * been reported, ticks over it unchanged log nothing at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuietSteadyStateTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe().alive(100);

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void unchangingDirectoryLogsOnTheFirstTickOnly(CapturedOutput output) {
		ScanRunner runner = runner(false);
		runner.tick();
		assertThat(output.getAll()).contains("Presence UNKNOWN -> ACTIVE since " + START).contains("Skipped");
		int afterFirstTick = output.getAll().length();
		for (int tick = 0; tick < 5; tick++) {
			this.clock.advance(Duration.ofSeconds(10));
			HeartbeatFiles.write(this.dir, 100, "live", START, this.clock.instant());
			runner.tick();
		}
		assertThat(output.getAll().substring(afterFirstTick)).isEmpty();
	}

	@Test
	void afterCleanupHasDeletedWhatItMayTheNextTicksLogNothing(CapturedOutput output) {
		ScanRunner runner = runner(true);
		runner.tick();
		assertThat(output.getAll()).contains("Deleted /wrappers/heartbeat-200-dead.json (ORPHAN")
			.contains("Deleted /wrappers/heartbeat-300-old.json (STALE");
		int afterFirstTick = output.getAll().length();
		for (int tick = 0; tick < 5; tick++) {
			runner.tick();
		}
		assertThat(output.getAll().substring(afterFirstTick)).isEmpty();
	}

	private ScanRunner runner(boolean cleanupEnabled) {
		HeartbeatFiles.write(this.dir, 100, "live", START);
		HeartbeatFiles.write(this.dir, 200, "dead", START);
		HeartbeatFiles.write(this.dir, 300, "old", START.minusSeconds(600));
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-not-a-pid.json", "{}", START);
		this.fixture.settings((settings) -> settings.cleanupEnabled(cleanupEnabled));
		PresenceMetrics metrics = new PresenceMetrics(this.fixture.latest(), this.clock);
		metrics.bindTo(new SimpleMeterRegistry());
		return ScanRunners.create(this.fixture, System::nanoTime, (event) -> {
			if (event instanceof ScanCompletedEvent scanned) {
				metrics.onScanCompleted(scanned);
			}
		});
	}

}
