package dev.iaimcp.heartbeat.presence;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceStateMachineTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private static final Duration DROWSY_AFTER = Duration.ofSeconds(300);

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(1800);

	private static final Duration ONE_MILLI = Duration.ofMillis(1);

	private final MutableClock clock = new MutableClock(START);

	private final PresenceStateMachine machine = new PresenceStateMachine(DROWSY_AFTER, IDLE_WINDOW, this.clock, null);

	@Test
	void firstStartWithNobodyHereIsAbsentNotActive() {
		PresenceRecord presence = lookAt(START, false);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.ABSENT, START, null, START));
		assertThat(presence.idleSecondsAt(START)).isZero();
	}

	@Test
	void withoutAnyWrapperAbsenceCountsFromTheFirstStart() {
		PresenceRecord presence = lookAt(START.plus(IDLE_WINDOW), false);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.IDLE, START.plus(IDLE_WINDOW), null, START));
		assertThat(presence.idleSecondsAt(START.plus(IDLE_WINDOW))).isEqualTo(1800);
	}

	@Test
	void freshHeartbeatIsActiveWithNoIdleTime() {
		Instant seen = START.plusSeconds(10);
		PresenceRecord presence = lookAt(seen, true);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.ACTIVE, seen, seen, seen));
		assertThat(presence.idleSecondsAt(seen)).isZero();
	}

	@Test
	void theFirstScanWithoutAFreshHeartbeatAfterOneIsAbsentSinceTheLastSighting() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		PresenceRecord presence = lookAt(seen.plusSeconds(30), false);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.ABSENT, seen, seen, seen));
	}

	@Test
	void staysAbsentUntilJustBeforeTheDrowsyThreshold() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		PresenceRecord presence = lookAt(seen.plus(DROWSY_AFTER).minus(ONE_MILLI), false);
		assertThat(presence.state()).isEqualTo(PresenceState.ABSENT);
		assertThat(presence.since()).isEqualTo(seen);
		assertThat(presence.idleSecondsAt(seen.plus(DROWSY_AFTER).minus(ONE_MILLI))).isEqualTo(299);
	}

	@Test
	void becomesDrowsyExactlyAtTheDrowsyThreshold() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		PresenceRecord presence = lookAt(seen.plus(DROWSY_AFTER), false);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, seen));
	}

	@Test
	void drowsyBeginsAtTheThresholdNotAtTheTickThatNoticedIt() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		PresenceRecord presence = lookAt(seen.plus(DROWSY_AFTER).plusSeconds(29), false);
		assertThat(presence.state()).isEqualTo(PresenceState.DROWSY);
		assertThat(presence.since()).isEqualTo(seen.plus(DROWSY_AFTER));
	}

	@Test
	void staysDrowsyUntilJustBeforeTheIdleWindow() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		PresenceRecord presence = lookAt(seen.plus(IDLE_WINDOW).minus(ONE_MILLI), false);
		assertThat(presence.state()).isEqualTo(PresenceState.DROWSY);
		assertThat(presence.since()).isEqualTo(seen.plus(DROWSY_AFTER));
		assertThat(presence.idleSecondsAt(seen.plus(IDLE_WINDOW).minus(ONE_MILLI))).isEqualTo(1799);
	}

	@Test
	void becomesIdleExactlyAtTheIdleWindow() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		PresenceRecord presence = lookAt(seen.plus(IDLE_WINDOW), false);
		assertThat(presence).isEqualTo(new PresenceRecord(PresenceState.IDLE, seen.plus(IDLE_WINDOW), seen, seen));
	}

	@Test
	void staysIdleWithTheSameSinceWhileNobodyComes() {
		lookAt(START.plus(IDLE_WINDOW), false);
		PresenceRecord presence = lookAt(START.plus(IDLE_WINDOW).plusSeconds(3600), false);
		assertThat(presence.state()).isEqualTo(PresenceState.IDLE);
		assertThat(presence.since()).isEqualTo(START.plus(IDLE_WINDOW));
		assertThat(presence.idleSecondsAt(START.plus(IDLE_WINDOW).plusSeconds(3600))).isEqualTo(5400);
	}

	@Test
	void goesStraightFromAbsentToIdleWhenNoTickSawDrowsy() {
		PresenceRecord presence = lookAt(START.plus(IDLE_WINDOW).plusSeconds(60), false);
		assertThat(presence.state()).isEqualTo(PresenceState.IDLE);
		assertThat(presence.since()).isEqualTo(START.plus(IDLE_WINDOW));
	}

	@Test
	void freshHeartbeatWakesDrowsyPresenceAtOnce() {
		lookAt(START.plus(DROWSY_AFTER), false);
		Instant seen = START.plus(DROWSY_AFTER).plusSeconds(1);
		assertThat(lookAt(seen, true)).isEqualTo(new PresenceRecord(PresenceState.ACTIVE, seen, seen, seen));
	}

	@Test
	void freshHeartbeatWakesIdlePresenceAtOnce() {
		lookAt(START.plus(IDLE_WINDOW), false);
		Instant seen = START.plus(IDLE_WINDOW).plusSeconds(1);
		assertThat(lookAt(seen, true)).isEqualTo(new PresenceRecord(PresenceState.ACTIVE, seen, seen, seen));
	}

	@Test
	void wrapperReturningIsActiveAgainSinceItsReturn() {
		lookAt(START.plusSeconds(10), true);
		lookAt(START.plusSeconds(100), false);
		PresenceRecord presence = lookAt(START.plusSeconds(200), true);
		assertThat(presence.state()).isEqualTo(PresenceState.ACTIVE);
		assertThat(presence.since()).isEqualTo(START.plusSeconds(200));
	}

	@Test
	void theFirstObservationIsATransitionFromUnknownAndLaterOnesOnlyWhenTheStateMoves() {
		assertThat(this.machine.observe(false, START)).satisfies((transition) -> {
			assertThat(transition.from()).isEqualTo(PresenceState.UNKNOWN);
			assertThat(transition.to().state()).isEqualTo(PresenceState.ABSENT);
			assertThat(transition.changed()).isTrue();
		});
		assertThat(this.machine.observe(false, START.plusSeconds(30)).changed()).isFalse();
		assertThat(this.machine.observe(true, START.plusSeconds(60))).satisfies((transition) -> {
			assertThat(transition.from()).isEqualTo(PresenceState.ABSENT);
			assertThat(transition.to().state()).isEqualTo(PresenceState.ACTIVE);
		});
	}

	@Test
	void rememberedPresenceCarriesOnWhereItLeftOff() {
		Instant seen = START.minus(Duration.ofMinutes(20));
		PresenceRecord remembered = new PresenceRecord(PresenceState.ACTIVE, seen.minusSeconds(60), seen, seen);
		PresenceStateMachine restarted = new PresenceStateMachine(DROWSY_AFTER, IDLE_WINDOW, this.clock, remembered);
		assertThat(restarted.observe(false, START).to())
			.isEqualTo(new PresenceRecord(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, seen));
		assertThat(restarted.observe(false, START.plus(Duration.ofMinutes(10)).minus(ONE_MILLI)).to().state())
			.isEqualTo(PresenceState.DROWSY);
		assertThat(restarted.observe(false, START.plus(Duration.ofMinutes(10))).to().state())
			.isEqualTo(PresenceState.IDLE);
	}

	@Test
	void presenceFollowsEachObservation() {
		Instant seen = START.plusSeconds(10);
		lookAt(seen, true);
		lookAt(seen.plus(DROWSY_AFTER), false);
		assertThat(this.machine.presence())
			.isEqualTo(new PresenceRecord(PresenceState.DROWSY, seen.plus(DROWSY_AFTER), seen, seen));
	}

	private PresenceRecord lookAt(Instant at, boolean freshNow) {
		this.clock.set(at);
		return this.machine.observe(freshNow, at).to();
	}

}
