package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceMetricsTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void wrapperGaugesFollowTheLatestSnapshot() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "live", START);
		HeartbeatFiles.write(this.dir, 200, "dead", START);
		HeartbeatFiles.write(this.dir, 300, "old", START.minusSeconds(600));
		ScanRunner runner = runner(false);
		assertThat(wrappers("fresh")).isZero();
		runner.tick();
		assertThat(wrappers("fresh")).isEqualTo(1);
		assertThat(wrappers("stale")).isEqualTo(1);
		assertThat(wrappers("orphan")).isEqualTo(1);
	}

	@Test
	void deletedFilesAreCountedByTheStatusThatCondemnedThem() {
		HeartbeatFiles.write(this.dir, 200, "dead", START);
		HeartbeatFiles.write(this.dir, 201, "dead", START);
		HeartbeatFiles.write(this.dir, 300, "old", START.minusSeconds(600));
		ScanRunner runner = runner(true);
		assertThat(deleted("orphan")).isZero();
		runner.tick();
		assertThat(deleted("orphan")).isEqualTo(2);
		assertThat(deleted("stale")).isEqualTo(1);
		runner.tick();
		assertThat(deleted("orphan")).isEqualTo(2);
	}

	@Test
	void deletedStagingLeftoversOfDeadWritersAreCountedToo() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-200-u.json.9f8e7d6c-5b4a.tmp", "{\"pid\":",
				START.minusSeconds(3600));
		ScanRunner runner = runner(true);
		runner.tick();
		assertThat(deleted("leftover")).isEqualTo(1);
		assertThat(deleted("orphan")).isZero();
	}

	@Test
	void everyScanIsTimedTicksAndRequestedOnesAlike() {
		ScanRunner runner = runner(false);
		runner.tick();
		runner.scanNow(false);
		assertThat(this.registry.get("heartbeat.scan").timer().count()).isEqualTo(2);
	}

	@Test
	void idleSecondsCountFromStartUntilAFreshHeartbeatIsSeen() {
		ScanRunner runner = runner(false);
		runner.tick();
		this.clock.advance(Duration.ofSeconds(42));
		assertThat(idleSeconds()).isEqualTo(42);
	}

	@Test
	void idleSecondsAreZeroWhileAWrapperIsHereAndThenCountFromTheLastFreshScan() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "live", START);
		ScanRunner runner = runner(false);
		runner.tick();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(idleSeconds()).isZero();
		this.probe.dies(100);
		runner.tick();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(idleSeconds()).isEqualTo(15);
	}

	private ScanRunner runner(boolean cleanupEnabled) {
		this.fixture.settings((settings) -> settings.cleanupEnabled(cleanupEnabled));
		PresenceMetrics metrics = new PresenceMetrics(this.fixture.latest(), this.clock);
		metrics.bindTo(this.registry);
		return ScanRunners.create(this.fixture, System::nanoTime,
				(event) -> metrics.onScanCompleted((ScanCompletedEvent) event));
	}

	private double wrappers(String status) {
		return this.registry.get("heartbeat.wrappers").tag("status", status).gauge().value();
	}

	private double deleted(String reason) {
		return this.registry.get("heartbeat.deleted").tag("reason", reason).counter().count();
	}

	private double idleSeconds() {
		return this.registry.get("heartbeat.idle.seconds").gauge().value();
	}

}
