package dev.iaimcp.heartbeat.presence;

/**
 * Whether anyone is here, and how long nobody has been, in the steps the memory daemon
 * acts on. {@code active} is true exactly in {@link #ACTIVE} and {@code idle} exactly in
 * {@link #IDLE}, so that a reader of either never hears another truth than a reader of
 * the state.
 */
public enum PresenceState {

	/** The service has not finished its first scan yet: nothing is known. */
	UNKNOWN,

	/** A heartbeat is FRESH. */
	ACTIVE,

	/**
	 * No heartbeat is FRESH, for less than the drowsy threshold. A first start counts as
	 * presence, so the service begins here when it remembers nothing.
	 */
	ABSENT,

	/** No heartbeat has been FRESH for the drowsy threshold. */
	DROWSY,

	/** No heartbeat has been FRESH for the whole idle window: sleep is allowed. */
	IDLE

}
