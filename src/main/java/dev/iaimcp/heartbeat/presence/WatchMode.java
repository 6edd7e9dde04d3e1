package dev.iaimcp.heartbeat.presence;

/**
 * Whether the wrappers directory is watched for changes between ticks.
 */
public enum WatchMode {

	/** Watch when the file system supports it; otherwise rely on the tick. */
	AUTO,

	/** Watch, and refuse to start when the directory cannot be watched. */
	ON,

	/** Rely on the tick alone. */
	OFF

}
