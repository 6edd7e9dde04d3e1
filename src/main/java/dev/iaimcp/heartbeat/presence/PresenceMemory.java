package dev.iaimcp.heartbeat.presence;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What presence must carry across a restart, as stored in the state file.
 *
 * @param state the state
 * @param since when it began
 * @param lastFreshAt when a FRESH heartbeat was last seen, {@code null} if never
 * @param lastPresenceAt what absence is counted from: {@code lastFreshAt}, or the first
 * start of the service while no wrapper has ever been seen
 */
record PresenceMemory(PresenceState state, Instant since, @Nullable Instant lastFreshAt, Instant lastPresenceAt) {

	PresenceMemory {
		Objects.requireNonNull(state, "'state' must not be null");
		Objects.requireNonNull(since, "'since' must not be null");
		Objects.requireNonNull(lastPresenceAt, "'lastPresenceAt' must not be null");
	}

	// A first start counts as presence, so that the service never declares idle before
	// it has watched for a whole idle window.
	static PresenceMemory firstStart(Instant now) {
		return new PresenceMemory(PresenceState.ACTIVE, now, null, now);
	}

}
