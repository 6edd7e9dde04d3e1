package dev.iaimcp.heartbeat.verify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the service's next tick comes, and how long verify waits for it within its
 * deadline.
 */
class NextTickTests {

	private static final Instant CRASH = Instant.parse("2026-05-02T14:00:00Z");

	private static final Duration HOUR = Duration.ofHours(1);

	private static final Duration MARGIN = Duration.ofSeconds(10);

	@Test
	void aTickComesItsIntervalAfterThePreviousOneEnded() {
		NextTick tick = NextTick.after(CRASH, HOUR, CRASH.minusSeconds(100));
		assertThat(tick).isEqualTo(new NextTick(CRASH.plusSeconds(3500), true));
	}

	@Test
	void ticksThatCameUnseenAreCountedOn() {
		NextTick tick = NextTick.after(CRASH, Duration.ofSeconds(30), CRASH.minusSeconds(100));
		assertThat(tick).isEqualTo(new NextTick(CRASH.plusSeconds(20), true));
	}

	@Test
	void withoutATickSeenOnlyABoundOfOneIntervalIsKnown() {
		assertThat(NextTick.after(CRASH, HOUR, null)).isEqualTo(new NextTick(CRASH.plus(HOUR), false));
	}

	@Test
	void aTickKnownToComeAfterTheDeadlineIsNotWaitedFor() {
		NextTick tick = new NextTick(CRASH.plusSeconds(3500), true);
		assertThat(tick.plan(CRASH.plusSeconds(20), MARGIN)).isEqualTo(new NextTick.Plan(null, false));
	}

	@Test
	void aTickThatMayComeAnyMomentIsWaitedForUntilTheDeadlineThenPending() {
		NextTick tick = new NextTick(CRASH.plus(HOUR), false);
		assertThat(tick.plan(CRASH.plusSeconds(20), MARGIN)).isEqualTo(new NextTick.Plan(CRASH.plusSeconds(20), false));
	}

	@Test
	void aTickAndItsMarginWithinTheDeadlineMustDoItsWork() {
		NextTick tick = new NextTick(CRASH.plusSeconds(25), true);
		assertThat(tick.plan(CRASH.plusSeconds(60), MARGIN)).isEqualTo(new NextTick.Plan(CRASH.plusSeconds(35), true));
	}

	@Test
	void aTickDueBeforeTheDeadlineButNotItsMarginIsWaitedForUntilTheDeadlineThenPending() {
		NextTick tick = new NextTick(CRASH.plusSeconds(55), true);
		assertThat(tick.plan(CRASH.plusSeconds(60), MARGIN)).isEqualTo(new NextTick.Plan(CRASH.plusSeconds(60), false));
	}

	@Test
	void aPersonIsToldTheTimeOfDayAndHowLongFromNow() {
		assertThat(new NextTick(CRASH.plusSeconds(3500), true).describe(CRASH.plusSeconds(2), ZoneOffset.UTC))
			.isEqualTo("the next tick at ~14:58:20 (in 3498 s)");
		assertThat(new NextTick(CRASH.plus(HOUR), false).describe(CRASH, ZoneOffset.ofHours(2)))
			.isEqualTo("the next tick, by ~17:00:00 (within 3600 s),");
	}

}
