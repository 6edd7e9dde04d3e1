package dev.iaimcp.heartbeat.presence;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Presence as of one scan.
 *
 * @param state the current state
 * @param since when the current state began
 * @param lastFreshAt when a FRESH heartbeat was last seen, {@code null} if never
 * @param idleSeconds how long nobody has been here, 0 while a heartbeat is FRESH
 */
record Presence(PresenceState state, Instant since, @Nullable Instant lastFreshAt, long idleSeconds) {

}
