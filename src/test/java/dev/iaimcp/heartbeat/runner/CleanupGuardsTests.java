package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tick holds back deletions when the machine slept, the clock jumped, or everyone
 * expired at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanupGuardsTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private static final Duration TICK = Duration.ofSeconds(30);

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final AtomicLong monotonicNanos = new AtomicLong();

	private final FakeProcessProbe probe = this.fixture.probe();

	private final LatestPresence latest = this.fixture.latest();

	private final ScanRunner runner = ScanRunners.create(this.fixture, this.monotonicNanos::get, (event) -> {
	});

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void afterTheMachineSleptStaleFilesAreKeptForOneThresholdThenDeleted(CapturedOutput output) {
		this.probe.alive(100);
		Path file = HeartbeatFiles.write(this.dir, 100, "u", START);
		this.runner.tick();
		sleepMachine(Duration.ofHours(1));
		this.runner.tick();
		assertThat(this.latest.snapshot().stale()).isEqualTo(1);
		assertThat(file).exists();
		assertThat(output).contains("keeping STALE heartbeats");
		elapse(TICK);
		elapse(TICK);
		assertThat(file).exists();
		elapse(TICK);
		assertThat(file).doesNotExist();
	}

	@Test
	void afterTheProcessWasStoppedStaleFilesAreKept() {
		this.probe.alive(100);
		Path file = HeartbeatFiles.write(this.dir, 100, "u", START);
		this.runner.tick();
		elapseOnBothClocks(Duration.ofMinutes(10));
		this.runner.tick();
		assertThat(this.latest.snapshot().stale()).isEqualTo(1);
		assertThat(file).exists();
	}

	@Test
	void afterTheWallClockJumpedAheadStaleFilesAreKept() {
		this.probe.alive(100);
		Path file = HeartbeatFiles.write(this.dir, 100, "u", START);
		this.runner.tick();
		elapse(TICK);
		this.clock.advance(Duration.ofMinutes(5));
		this.runner.tick();
		assertThat(this.latest.snapshot().stale()).isEqualTo(1);
		assertThat(file).exists();
	}

	@Test
	void whileHoldingDeadProcessesOrphansAreStillCleaned() {
		this.runner.tick();
		sleepMachine(Duration.ofHours(1));
		Path orphan = HeartbeatFiles.write(this.dir, 200, "dead", this.clock.instant());
		this.runner.tick();
		assertThat(orphan).doesNotExist();
	}

	@Test
	void onTimeTicksDeleteStaleFilesAtOnce() {
		Path stale = HeartbeatFiles.write(this.dir, 100, "u", START.minusSeconds(600));
		this.runner.tick();
		assertThat(stale).doesNotExist();
		Path laterStale = HeartbeatFiles.write(this.dir, 100, "v", START.minusSeconds(600));
		elapse(TICK);
		assertThat(laterStale).doesNotExist();
	}

	@Test
	void freshRunnerAfterARestartNeedsNoGrace() {
		Path stale = HeartbeatFiles.write(this.dir, 100, "u", START.minusSeconds(3600));
		this.probe.alive(100);
		this.runner.tick();
		assertThat(stale).doesNotExist();
	}

	@Test
	void whenMostFreshHeartbeatsExpireAtOnceWithLiveProcessesNoneIsDeleted(CapturedOutput output) {
		for (long pid = 100; pid < 103; pid++) {
			this.probe.alive(pid);
			HeartbeatFiles.write(this.dir, pid, "u", START);
		}
		this.runner.tick();
		elapseTicks(3);
		assertThat(this.latest.snapshot().fresh()).isEqualTo(3);
		elapse(TICK);
		assertThat(this.latest.snapshot().stale()).isEqualTo(3);
		assertThat(this.latest.snapshot().cleanup().deleted()).isZero();
		assertThat(output).contains("3 of 3 heartbeats that were FRESH turned STALE at once");
		elapse(TICK);
		assertThat(this.latest.snapshot().cleanup().deleted()).isZero();
	}

	@Test
	void oneOfThreeExpiringIsDeletedAsUsual() {
		for (long pid = 100; pid < 103; pid++) {
			this.probe.alive(pid);
		}
		HeartbeatFiles.write(this.dir, 100, "u", START);
		HeartbeatFiles.write(this.dir, 101, "u", START.plusSeconds(60));
		HeartbeatFiles.write(this.dir, 102, "u", START.plusSeconds(60));
		this.runner.tick();
		elapseTicks(3);
		assertThat(this.latest.snapshot().fresh()).isEqualTo(3);
		elapse(TICK);
		assertThat(this.latest.snapshot().stale()).isEqualTo(1);
		assertThat(this.latest.snapshot().cleanup().deleted()).isEqualTo(1);
	}

	@Test
	void duringAMassExpiryDeadProcessesOrphansAreStillCleaned() {
		for (long pid = 100; pid < 102; pid++) {
			this.probe.alive(pid);
			HeartbeatFiles.write(this.dir, pid, "u", START);
		}
		this.runner.tick();
		elapseTicks(3);
		Path orphan = HeartbeatFiles.write(this.dir, 200, "dead", START.plusSeconds(100));
		elapse(TICK);
		assertThat(this.latest.snapshot().stale()).isEqualTo(2);
		assertThat(this.latest.snapshot().cleanup().deleted()).isEqualTo(1);
		assertThat(orphan).doesNotExist();
	}

	@Test
	void aMassExpiryHoldsForAsLongAsTheProcessesLive() {
		List<Path> files = new ArrayList<>();
		for (long pid = 100; pid < 103; pid++) {
			this.probe.alive(pid);
			files.add(HeartbeatFiles.write(this.dir, pid, "u", START));
		}
		this.runner.tick();
		elapseTicks(4);
		assertThat(this.latest.snapshot().stale()).isEqualTo(3);
		elapseTicks(10);
		assertThat(files).allSatisfy((file) -> assertThat(file).exists());
		assertThat(this.latest.snapshot().cleanup().deleted()).isZero();
		this.probe.dies(100).dies(101).dies(102);
		elapse(TICK);
		assertThat(files).allSatisfy((file) -> assertThat(file).doesNotExist());
	}

	@Test
	void scansThatDeleteNothingDoNotUseUpTheMassExpiryGuard() {
		this.probe.alive(100).alive(101).alive(102);
		List<Path> stopped = List.of(HeartbeatFiles.write(this.dir, 100, "u", START),
				HeartbeatFiles.write(this.dir, 101, "u", START));
		HeartbeatFiles.write(this.dir, 102, "u", START);
		this.runner.tick();
		for (int tick = 0; tick < 4; tick++) {
			elapseOnBothClocks(TICK);
			HeartbeatFiles.write(this.dir, 102, "u", this.clock.instant());
			if (tick == 3) {
				this.runner.scanNow(false);
			}
			this.runner.tick();
		}
		assertThat(this.latest.snapshot().stale()).isEqualTo(2);
		elapseOnBothClocks(TICK);
		HeartbeatFiles.write(this.dir, 102, "u", this.clock.instant());
		this.runner.tick();
		assertThat(stopped).allSatisfy((file) -> assertThat(file).exists());
	}

	@Test
	void heldFilesAreLoggedOnceWhileTheyAreHeldThoughScansWithoutCleanupComeBetween(CapturedOutput output) {
		for (long pid = 100; pid < 103; pid++) {
			this.probe.alive(pid);
			HeartbeatFiles.write(this.dir, pid, "u", START);
		}
		this.runner.tick();
		elapseTicks(4);
		for (int tick = 0; tick < 5; tick++) {
			this.runner.scanNow(false);
			elapse(TICK);
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Kept /wrappers/"))).hasSize(3);
		assertThat(output.getAll().lines().filter((line) -> line.contains("that were FRESH turned STALE at once")))
			.hasSize(1);
	}

	@Test
	void withAThreeSecondThresholdAnEightSecondStopOfServiceAndWrapperKeepsTheFile() {
		try (HeartbeatFixture fast = HeartbeatFixture.onJimfs(START)
			.settings((settings) -> settings.staleThresholdSec(3).tickIntervalSec(1))) {
			ScanRunner runner = ScanRunners.create(fast, this.monotonicNanos::get, (event) -> {
			});
			fast.probe().alive(100);
			Path file = HeartbeatFiles.write(fast.dir(), 100, "u", START);
			runner.tick();
			fast.clock().advance(Duration.ofSeconds(8));
			this.monotonicNanos.addAndGet(Duration.ofSeconds(8).toNanos());
			runner.tick();
			assertThat(fast.latest().snapshot().stale()).isEqualTo(1);
			assertThat(file).exists();
		}
	}

	private void sleepMachine(Duration duration) {
		this.clock.advance(duration);
		this.monotonicNanos.addAndGet(TICK.toNanos());
	}

	private void elapse(Duration duration) {
		elapseOnBothClocks(duration);
		this.runner.tick();
	}

	private void elapseOnBothClocks(Duration duration) {
		this.clock.advance(duration);
		this.monotonicNanos.addAndGet(duration.toNanos());
	}

	private void elapseTicks(int ticks) {
		for (int i = 0; i < ticks; i++) {
			elapse(TICK);
		}
	}

}
