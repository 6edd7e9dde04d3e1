package dev.iaimcp.heartbeat.history;

/**
 * Why a wrapper is no longer here, as far as the service can know it.
 */
public enum DepartureReason {

	/** Its file is gone and nobody here deleted it: the wrapper exited cleanly. */
	FILE_REMOVED,

	/** Its process ended (seen by the exit watch or a scan): a crash or a kill. */
	PROCESS_ENDED,

	/** It stopped refreshing while its process lives: stopped, suspended or hung. */
	WENT_STALE,

	/** Its pid now belongs to another, newer process. */
	PID_REUSED,

	/** A scan deleted what it left behind. */
	CLEANED_UP

}
