package dev.iaimcp.heartbeat.scan;

/**
 * How a heartbeat file is judged on one scan.
 */
public enum HeartbeatStatus {

	/** Refreshed within the stale threshold by a process that is still alive. */
	FRESH,

	/** Not refreshed within the stale threshold, whatever its process says. */
	STALE,

	/** Recent, but its process is gone (or the pid now belongs to another process). */
	ORPHAN

}
