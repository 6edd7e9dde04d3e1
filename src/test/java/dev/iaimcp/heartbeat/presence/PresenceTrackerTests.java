package dev.iaimcp.heartbeat.presence;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.scan.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceTrackerTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private static final Duration DROWSY_AFTER = Duration.ofSeconds(300);

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(1800);

	private static final Duration ONE_MILLI = Duration.ofMillis(1);

	private final MutableClock clock = new MutableClock(START);

	private final PresenceTracker tracker = new PresenceTracker(DROWSY_AFTER, IDLE_WINDOW, this.clock, null);

	@Test
	void firstStartCountsAsPresence() {
		Presence presence = lookAt(START, false);
		assertThat(presence).isEqualTo(new Presence(PresenceState.ACTIVE, START, null, 0));
	}

	@Test
	void withoutAnyWrapperAbsenceCountsFromTheFirstStart() {
		Presence presence = lookAt(START.plus(IDLE_WINDOW), false);
		assertThat(presence).isEqualTo(new Presence(PresenceState.IDLE, START.plus(IDLE_WINDOW), null, 1800));
	}

	@Test
	void freshHeartbeatIsActiveWithNoIdleTime() {
		Instant seen = START.plusSeconds(10);
		assertThat(lookAt(seen, true)).isEqualTo(new Presence(PresenceState.ACTIVE, START, seen, 0));
	}

	@Test
	void staysActiveUntilJustBeforeTheDrowsyThreshold() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		Presence presence = lookAt(seen.plus(DROWSY_AFTER).minus(ONE_MILLI), false);
		assertThat(presence.state()).isEqualTo(PresenceState.ACTIVE);
		assertThat(presence.since()).isEqualTo(START);
		assertThat(presence.idleSeconds()).isEqualTo(299);
	}

	@Test
	void becomesDrowsyExactlyAtTheDrowsyThreshold() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		Presence presence = lookAt(seen.plus(DROWSY_AFTER), false);
		assertThat(presence).isEqualTo(new Presence(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, 300));
	}

	@Test
	void drowsyBeginsAtTheThresholdNotAtTheTickThatNoticedIt() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		Presence presence = lookAt(seen.plus(DROWSY_AFTER).plusSeconds(29), false);
		assertThat(presence.state()).isEqualTo(PresenceState.DROWSY);
		assertThat(presence.since()).isEqualTo(seen.plus(DROWSY_AFTER));
	}

	@Test
	void staysDrowsyUntilJustBeforeTheIdleWindow() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		Presence presence = lookAt(seen.plus(IDLE_WINDOW).minus(ONE_MILLI), false);
		assertThat(presence.state()).isEqualTo(PresenceState.DROWSY);
		assertThat(presence.since()).isEqualTo(seen.plus(DROWSY_AFTER));
		assertThat(presence.idleSeconds()).isEqualTo(1799);
	}

	@Test
	void becomesIdleExactlyAtTheIdleWindow() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		Presence presence = lookAt(seen.plus(IDLE_WINDOW), false);
		assertThat(presence).isEqualTo(new Presence(PresenceState.IDLE, seen.plus(IDLE_WINDOW), seen, 1800));
	}

	@Test
	void staysIdleWithTheSameSinceWhileNobodyComes() {
		lookAt(START.plus(IDLE_WINDOW), false);
		Presence presence = lookAt(START.plus(IDLE_WINDOW).plusSeconds(3600), false);
		assertThat(presence.state()).isEqualTo(PresenceState.IDLE);
		assertThat(presence.since()).isEqualTo(START.plus(IDLE_WINDOW));
		assertThat(presence.idleSeconds()).isEqualTo(5400);
	}

	@Test
	void goesStraightFromActiveToIdleWhenNoTickSawDrowsy() {
		Presence presence = lookAt(START.plus(IDLE_WINDOW).plusSeconds(60), false);
		assertThat(presence.state()).isEqualTo(PresenceState.IDLE);
		assertThat(presence.since()).isEqualTo(START.plus(IDLE_WINDOW));
	}

	@Test
	void freshHeartbeatWakesDrowsyPresenceAtOnce() {
		lookAt(START.plus(DROWSY_AFTER), false);
		Instant seen = START.plus(DROWSY_AFTER).plusSeconds(1);
		assertThat(lookAt(seen, true)).isEqualTo(new Presence(PresenceState.ACTIVE, seen, seen, 0));
	}

	@Test
	void freshHeartbeatWakesIdlePresenceAtOnce() {
		lookAt(START.plus(IDLE_WINDOW), false);
		Instant seen = START.plus(IDLE_WINDOW).plusSeconds(1);
		assertThat(lookAt(seen, true)).isEqualTo(new Presence(PresenceState.ACTIVE, seen, seen, 0));
	}

	@Test
	void wrapperReturningBeforeTheDrowsyThresholdKeepsActiveSince() {
		lookAt(START.plusSeconds(10), true);
		lookAt(START.plusSeconds(100), false);
		Presence presence = lookAt(START.plusSeconds(200), true);
		assertThat(presence.state()).isEqualTo(PresenceState.ACTIVE);
		assertThat(presence.since()).isEqualTo(START);
	}

	@Test
	void rememberedPresenceCarriesOnWhereItLeftOff() {
		Instant seen = START.minus(Duration.ofMinutes(20));
		PresenceMemory remembered = new PresenceMemory(PresenceState.ACTIVE, seen.minusSeconds(60), seen, seen);
		PresenceTracker restarted = new PresenceTracker(DROWSY_AFTER, IDLE_WINDOW, this.clock, remembered);
		assertThat(restarted.observe(false, START))
			.isEqualTo(new Presence(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, 1200));
		assertThat(restarted.observe(false, START.plus(Duration.ofMinutes(10)).minus(ONE_MILLI)).state())
			.isEqualTo(PresenceState.DROWSY);
		assertThat(restarted.observe(false, START.plus(Duration.ofMinutes(10))).state())
			.isEqualTo(PresenceState.IDLE);
	}

	@Test
	void memoryFollowsEachObservation() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		assertThat(this.tracker.memory())
			.isEqualTo(new PresenceMemory(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, seen));
	}

	private Presence lookAt(Instant at, boolean freshNow) {
		this.clock.set(at);
		return this.tracker.observe(freshNow, at);
	}

}
