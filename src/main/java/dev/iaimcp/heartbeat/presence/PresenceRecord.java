package dev.iaimcp.heartbeat.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Presence as the state machine last left it, and as the state file keeps it across
 * restarts.
 *
 * @param state the state, never {@link PresenceState#UNKNOWN}
 * @param since when it began
 * @param lastFreshAt when a FRESH heartbeat was last seen, {@code null} if never
 * @param lastPresenceAt what absence is counted from: {@code lastFreshAt}, or the first
 * start of the service while no wrapper has ever been seen
 */
public record PresenceRecord(PresenceState state, Instant since, @Nullable Instant lastFreshAt,
		Instant lastPresenceAt) {

	public PresenceRecord {
		Objects.requireNonNull(state, "'state' must not be null");
		Objects.requireNonNull(since, "'since' must not be null");
		Objects.requireNonNull(lastPresenceAt, "'lastPresenceAt' must not be null");
		if (state == PresenceState.UNKNOWN) {
			throw new IllegalArgumentException("'state' must be known");
		}
	}

	// A first start counts as presence, so that the service never declares idle before
	// it has watched for a whole idle window.
	static PresenceRecord firstStart(Instant now) {
		return new PresenceRecord(PresenceState.ABSENT, now, null, now);
	}

	/**
	 * How long nobody has been here.
	 * @param at the time of the scan
	 * @return whole seconds since a heartbeat was last FRESH (or the first start), 0
	 * while one is
	 */
	long idleSecondsAt(Instant at) {
		return Math.max(0, Duration.between(this.lastPresenceAt, at).toSeconds());
	}

}
