package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The presence state machine: ACTIVE while a heartbeat is FRESH; then ABSENT, DROWSY once
 * the drowsy threshold has passed, and IDLE once the idle window has. Each observation
 * returns the transition it made.
 */
final class PresenceStateMachine {

	private final Duration drowsyAfter;

	private final Duration idleWindow;

	private PresenceRecord presence;

	private PresenceState observed = PresenceState.UNKNOWN;

	/**
	 * Creates the state machine.
	 * @param drowsyAfter how long without a FRESH heartbeat makes presence DROWSY
	 * @param idleWindow how long without a FRESH heartbeat makes presence IDLE
	 * @param clock when the service starts, if nothing is remembered
	 * @param remembered what the previous run left, or {@code null}
	 */
	PresenceStateMachine(Duration drowsyAfter, Duration idleWindow, Clock clock, @Nullable PresenceRecord remembered) {
		this.drowsyAfter = Objects.requireNonNull(drowsyAfter, "'drowsyAfter' must not be null");
		this.idleWindow = Objects.requireNonNull(idleWindow, "'idleWindow' must not be null");
		this.presence = (remembered != null) ? remembered : PresenceRecord.firstStart(clock.instant());
	}

	/**
	 * Moves the state machine to what a scan found.
	 * @param freshNow whether the scan found a FRESH heartbeat
	 * @param at when the scan ran
	 * @return the state before and presence now
	 */
	synchronized PresenceTransition observe(boolean freshNow, Instant at) {
		Instant lastFreshAt = freshNow ? at : this.presence.lastFreshAt();
		Instant lastPresenceAt = freshNow ? at : this.presence.lastPresenceAt();
		PresenceState state = freshNow ? PresenceState.ACTIVE : stateAfter(Duration.between(lastPresenceAt, at));
		Instant since = (state == this.presence.state()) ? this.presence.since() : startOf(state, lastPresenceAt);
		this.presence = new PresenceRecord(state, since, lastFreshAt, lastPresenceAt);
		PresenceTransition transition = new PresenceTransition(this.observed, this.presence);
		this.observed = state;
		return transition;
	}

	synchronized PresenceRecord presence() {
		return this.presence;
	}

	private PresenceState stateAfter(Duration absent) {
		if (absent.compareTo(this.idleWindow) >= 0) {
			return PresenceState.IDLE;
		}
		return (absent.compareTo(this.drowsyAfter) >= 0) ? PresenceState.DROWSY : PresenceState.ABSENT;
	}

	// A time-based state began at its threshold, not at the tick that noticed it.
	private Instant startOf(PresenceState state, Instant lastPresenceAt) {
		return switch (state) {
			case ACTIVE, ABSENT, UNKNOWN -> lastPresenceAt;
			case DROWSY -> lastPresenceAt.plus(this.drowsyAfter);
			case IDLE -> lastPresenceAt.plus(this.idleWindow);
		};
	}

}
