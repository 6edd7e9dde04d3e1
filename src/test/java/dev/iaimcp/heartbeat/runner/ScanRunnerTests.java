package dev.iaimcp.heartbeat.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ScanRunnerTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe();

	private final LatestPresence latest = this.fixture.latest();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void tickPublishesWhatTheScanFoundAndCleansUp() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "live", START);
		Path orphan = HeartbeatFiles.write(this.dir, 200, "dead", START);
		ScanRunner runner = runner(true, this.probe);
		runner.tick();
		PresenceSnapshot snapshot = this.latest.snapshot();
		assertThat(snapshot.active()).isTrue();
		assertThat(snapshot.fresh()).isEqualTo(1);
		assertThat(snapshot.orphan()).isEqualTo(1);
		assertThat(snapshot.scannedAt()).isEqualTo(START);
		assertThat(snapshot.lastFreshAt()).isEqualTo(START);
		assertThat(snapshot.cleanup()).isNotNull().satisfies((cleanup) -> assertThat(cleanup.deleted()).isEqualTo(1));
		assertThat(orphan).doesNotExist();
	}

	@Test
	void tickLeavesFilesAloneWhenCleanupIsDisabled() {
		Path orphan = HeartbeatFiles.write(this.dir, 200, "dead", START);
		ScanRunner runner = runner(false, this.probe);
		runner.tick();
		assertThat(this.latest.snapshot().cleanup()).isNull();
		assertThat(orphan).exists();
	}

	@Test
	void snapshotBeforeTheFirstTickSaysNoScanHasRunAndNothingIsKnown() {
		runner(true, this.probe);
		PresenceSnapshot snapshot = this.latest.snapshot();
		assertThat(snapshot.scannedAt()).isNull();
		assertThat(snapshot.state()).isEqualTo(PresenceState.UNKNOWN);
		assertThat(snapshot.since()).isEqualTo(START);
		assertThat(snapshot.active()).isFalse();
		assertThat(snapshot.idle()).isFalse();
	}

	@Test
	void activeAndIdleAlwaysAgreeWithTheState() {
		this.probe.alive(100);
		Path file = HeartbeatFiles.write(this.dir, 100, "live", START);
		ScanRunner runner = runner(false, this.probe);
		List<PresenceSnapshot> seen = new ArrayList<>();
		seen.add(this.latest.snapshot());
		runner.tick();
		seen.add(this.latest.snapshot());
		this.probe.dies(100);
		for (int minute = 1; minute <= 40; minute++) {
			this.clock.advance(Duration.ofMinutes(1));
			runner.tick();
			seen.add(this.latest.snapshot());
		}
		assertThat(seen).extracting(PresenceSnapshot::state)
			.containsSubsequence(PresenceState.UNKNOWN, PresenceState.ACTIVE, PresenceState.ABSENT,
					PresenceState.DROWSY, PresenceState.IDLE);
		assertThat(seen).allSatisfy((snapshot) -> {
			assertThat(snapshot.active()).isEqualTo(snapshot.state() == PresenceState.ACTIVE);
			assertThat(snapshot.active()).isEqualTo(snapshot.fresh() > 0);
			assertThat(snapshot.idle()).isEqualTo(snapshot.state() == PresenceState.IDLE);
		});
		assertThat(file).exists();
	}

	@Test
	void idleOnlyAfterAWholeWindowWithoutFreshCountingFromStart() {
		ScanRunner runner = runner(true, this.probe);
		runner.tick();
		assertThat(this.latest.snapshot().idle()).isFalse();
		this.clock.advance(Duration.ofSeconds(1799));
		runner.tick();
		assertThat(this.latest.snapshot().idle()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		runner.tick();
		assertThat(this.latest.snapshot().idle()).isTrue();
		assertThat(this.latest.snapshot().lastFreshAt()).isNull();
	}

	@Test
	void idleWindowRestartsFromTheLastFreshHeartbeat() {
		this.probe.alive(100);
		ScanRunner runner = runner(false, this.probe);
		this.clock.advance(Duration.ofSeconds(3000));
		HeartbeatFiles.write(this.dir, 100, "live", this.clock.instant());
		runner.tick();
		Instant lastSeen = this.clock.instant();
		this.probe.dies(100);
		this.clock.advance(Duration.ofSeconds(60));
		runner.tick();
		assertThat(this.latest.snapshot()).satisfies((snapshot) -> {
			assertThat(snapshot.active()).isFalse();
			assertThat(snapshot.idle()).isFalse();
			assertThat(snapshot.lastFreshAt()).isEqualTo(lastSeen);
		});
		this.clock.set(lastSeen.plusSeconds(1800));
		runner.tick();
		assertThat(this.latest.snapshot().idle()).isTrue();
	}

	@Test
	void failedTickIsLoggedAndTheNextTickRuns(CapturedOutput output) {
		HeartbeatFiles.write(this.dir, 100, "live", START);
		AtomicBoolean broken = new AtomicBoolean(true);
		ProcessProbe flaky = (pid) -> {
			if (broken.getAndSet(false)) {
				throw new IllegalStateException("process table unavailable");
			}
			return ProcessLiveness.alive(null);
		};
		ScanRunner runner = runner(true, flaky);
		runner.tick();
		assertThat(output).contains("Heartbeat tick failed").contains("process table unavailable");
		assertThat(this.latest.snapshot().error()).contains("process table unavailable");
		runner.tick();
		assertThat(this.latest.snapshot().error()).isNull();
		assertThat(this.latest.snapshot().fresh()).isEqualTo(1);
	}

	@Test
	void failedTickIsLoggedOnOneEscapedLineWithoutAStackTrace(CapturedOutput output) {
		HeartbeatFiles.write(this.dir, 100, "live", START);
		ProcessProbe forging = (pid) -> {
			throw new IllegalStateException("cannot read /proc/100\n2026-05-02 INFO forged line");
		};
		runner(true, forging).tick();
		assertThat(output.getOut().lines().filter((line) -> line.contains("Heartbeat tick failed"))).singleElement()
			.asString()
			.contains("IllegalStateException: cannot read /proc/100\\n2026-05-02 INFO forged line (at ");
		assertThat(output.getOut()).doesNotContain("\n2026-05-02 INFO forged line").doesNotContain("\tat ");
	}

	@Test
	void presenceChangesAreLoggedOncePerChange(CapturedOutput output) {
		this.probe.alive(100);
		Path file = HeartbeatFiles.write(this.dir, 100, "live", START);
		ScanRunner runner = runner(false, this.probe);
		runner.tick();
		runner.tick();
		this.probe.dies(100);
		runner.tick();
		runner.tick();
		assertThat(output.getOut().split("Presence UNKNOWN -> ACTIVE since " + START, -1)).hasSize(2);
		assertThat(output.getOut().split("Presence ACTIVE -> ABSENT since " + START, -1)).hasSize(2);
		assertThat(output.getOut().split("Presence ", -1)).hasSize(3);
		assertThat(file).exists();
	}

	@Test
	void eachSkippedFileIsLoggedOnceWhileItStays(CapturedOutput output) throws IOException {
		Files.createDirectories(this.dir.resolve("heartbeat-1-odd.json"));
		ScanRunner runner = runner(true, this.probe);
		runner.tick();
		runner.tick();
		runner.tick();
		assertThat(this.latest.snapshot().skipped()).isEqualTo(1);
		assertThat(output.getOut().split("Skipped /wrappers/heartbeat-1-odd.json: directory", -1)).hasSize(2);
	}

	@Test
	void scanNowWithCleanupDeletesAndReportsIt() {
		HeartbeatFiles.write(this.dir, 200, "dead", START);
		ScanRunner runner = runner(false, this.probe);
		PresenceSnapshot snapshot = runner.scanNow(true);
		assertThat(snapshot.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN));
		assertThat(snapshot.cleanup()).isNotNull();
		assertThat(Files.exists(this.dir.resolve("heartbeat-200-dead.json"))).isFalse();
	}

	private ScanRunner runner(boolean cleanupEnabled, ProcessProbe probe) {
		this.fixture.settings((settings) -> settings.cleanupEnabled(cleanupEnabled)).probedBy(probe);
		return ScanRunners.create(this.fixture);
	}

}
