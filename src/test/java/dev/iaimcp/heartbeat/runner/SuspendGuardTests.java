package dev.iaimcp.heartbeat.runner;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How late a tick, or how far a clock jump, must be to hold deletions: more than a
 * quarter of the stale threshold, at most ten seconds.
 */
class SuspendGuardTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final AtomicLong monotonicNanos = new AtomicLong();

	@Test
	void withAThreeSecondThresholdATickMoreThanThreeQuartersOfASecondLateHolds() {
		SuspendGuard guard = guard(Duration.ofSeconds(1), Duration.ofSeconds(3));
		assertThat(tickAfter(guard, Duration.ofMillis(1750))).isNull();
		assertThat(tickAfter(guard, Duration.ofMillis(1760))).isEqualTo(this.clock.instant().plusSeconds(3));
	}

	@Test
	void withTheDefaultThresholdTheToleranceIsTenSeconds() {
		SuspendGuard guard = guard(Duration.ofSeconds(30), Duration.ofSeconds(90));
		assertThat(tickAfter(guard, Duration.ofSeconds(40))).isNull();
		assertThat(tickAfter(guard, Duration.ofMillis(40_010))).isNotNull();
	}

	@Test
	void aWallClockJumpOfMoreThanAQuarterOfTheThresholdHolds() {
		SuspendGuard guard = guard(Duration.ofSeconds(1), Duration.ofSeconds(4));
		guard.tickStarting();
		guard.tickEnded();
		this.monotonicNanos.addAndGet(Duration.ofSeconds(1).toNanos());
		this.clock.advance(Duration.ofMillis(2100));
		guard.tickStarting();
		assertThat(guard.holdingUntil(this.clock.instant())).isNotNull();
	}

	private SuspendGuard guard(Duration tick, Duration threshold) {
		return new SuspendGuard(this.clock, this.monotonicNanos::get, tick, threshold);
	}

	// One tick, then the next after the given time on both clocks (the process stood
	// still).
	private Instant tickAfter(SuspendGuard guard, Duration elapsed) {
		guard.tickStarting();
		guard.tickEnded();
		this.monotonicNanos.addAndGet(elapsed.toNanos());
		this.clock.advance(elapsed);
		guard.tickStarting();
		return guard.holdingUntil(this.clock.instant());
	}

}
