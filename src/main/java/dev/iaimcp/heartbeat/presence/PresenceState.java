package dev.iaimcp.heartbeat.presence;

/**
 * How long nobody has been here, in the steps the memory daemon acts on.
 */
public enum PresenceState {

	/** A wrapper is FRESH, or was within the drowsy threshold. */
	ACTIVE,

	/** No wrapper has been FRESH for the drowsy threshold. */
	DROWSY,

	/** No wrapper has been FRESH for the whole idle window: sleep is allowed. */
	IDLE

}
