package dev.iaimcp.heartbeat.presence;

import java.time.Instant;

/**
 * Published when presence moves from one state to another.
 *
 * @param from the state before
 * @param to the state now
 * @param since when the new state began
 * @param snapshot the snapshot that carries the new state
 */
public record PresenceChangedEvent(PresenceState from, PresenceState to, Instant since, PresenceSnapshot snapshot) {

}
