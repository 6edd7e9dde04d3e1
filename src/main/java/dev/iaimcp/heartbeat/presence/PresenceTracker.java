package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The presence state machine: ACTIVE while a heartbeat is FRESH and for the drowsy
 * threshold after the last one, then DROWSY, then IDLE once the idle window has passed.
 */
final class PresenceTracker {

	private final Duration drowsyAfter;

	private final Duration idleWindow;

	private PresenceMemory memory;

	/**
	 * Creates a tracker.
	 * @param drowsyAfter how long without a FRESH heartbeat makes presence DROWSY
	 * @param idleWindow how long without a FRESH heartbeat makes presence IDLE
	 * @param clock when the service starts, if nothing is remembered
	 * @param remembered what the previous run left, or {@code null}
	 */
	PresenceTracker(Duration drowsyAfter, Duration idleWindow, Clock clock, @Nullable PresenceMemory remembered) {
		this.drowsyAfter = Objects.requireNonNull(drowsyAfter, "'drowsyAfter' must not be null");
		this.idleWindow = Objects.requireNonNull(idleWindow, "'idleWindow' must not be null");
		this.memory = (remembered != null) ? remembered : PresenceMemory.firstStart(clock.instant());
	}

	/**
	 * Moves the state machine to what a scan found.
	 * @param freshNow whether the scan found a FRESH heartbeat
	 * @param at when the scan ran
	 * @return presence as of that scan
	 */
	synchronized Presence observe(boolean freshNow, Instant at) {
		Instant lastFreshAt = freshNow ? at : this.memory.lastFreshAt();
		Instant lastPresenceAt = freshNow ? at : this.memory.lastPresenceAt();
		Duration absent = Duration.between(lastPresenceAt, at);
		PresenceState state = stateAfter(absent);
		Instant since = (state == this.memory.state()) ? this.memory.since() : startOf(state, lastPresenceAt);
		this.memory = new PresenceMemory(state, since, lastFreshAt, lastPresenceAt);
		return new Presence(state, since, lastFreshAt, Math.max(0, absent.toSeconds()));
	}

	synchronized PresenceMemory memory() {
		return this.memory;
	}

	private PresenceState stateAfter(Duration absent) {
		if (absent.compareTo(this.idleWindow) >= 0) {
			return PresenceState.IDLE;
		}
		return (absent.compareTo(this.drowsyAfter) >= 0) ? PresenceState.DROWSY : PresenceState.ACTIVE;
	}

	// A time-based state began at its threshold, not at the tick that noticed it.
	private Instant startOf(PresenceState state, Instant lastPresenceAt) {
		return switch (state) {
			case ACTIVE -> lastPresenceAt;
			case DROWSY -> lastPresenceAt.plus(this.drowsyAfter);
			case IDLE -> lastPresenceAt.plus(this.idleWindow);
		};
	}

}
