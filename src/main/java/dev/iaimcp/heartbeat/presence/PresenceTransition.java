package dev.iaimcp.heartbeat.presence;

/**
 * What one observation did to presence.
 *
 * @param from the state the previous observation left, {@link PresenceState#UNKNOWN} at
 * the first
 * @param to presence now
 */
public record PresenceTransition(PresenceState from, PresenceRecord to) {

	public boolean changed() {
		return this.from != this.to.state();
	}

}
