package dev.iaimcp.heartbeat.history;

/**
 * What kind of thing happened.
 */
public enum HistoryKind {

	/** The service started watching. */
	SERVICE_STARTED,

	/** The service stopped. */
	SERVICE_STOPPED,

	/** Presence moved from one state to another ({@code from}, {@code to}). */
	PRESENCE_CHANGED,

	/** A wrapper was first seen FRESH ({@code pid}, {@code uuid}, {@code file}). */
	WRAPPER_ARRIVED,

	/** A wrapper seen FRESH is no longer, for the {@code reason} given. */
	WRAPPER_DEPARTED,

	/**
	 * A scan deleted a heartbeat file a dead or stale wrapper left behind ({@code reason}
	 * {@link DepartureReason#CLEANED_UP}, {@code detail} which scan).
	 */
	FILE_CLEANED_UP,

	/**
	 * One scan saw more arrivals, departures or deletions than are recorded one by one
	 * ({@code detail} how many of each were left out), so that no directory can flood the
	 * history.
	 */
	EVENTS_OMITTED

}
