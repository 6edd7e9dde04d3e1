package dev.iaimcp.heartbeat.presence;

/**
 * Published when presence moves from one state to another.
 *
 * @param from the state before
 * @param snapshot the snapshot that carries the new state and when it began
 */
public record PresenceChangedEvent(PresenceState from, PresenceSnapshot snapshot) {

}
