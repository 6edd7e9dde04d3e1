package dev.iaimcp.heartbeat.settings;

/**
 * How the wrappers directory is watched for changes between ticks.
 */
public enum WatchMode {

	/**
	 * The operating system's notifications where the JDK has them (inotify on Linux),
	 * otherwise (macOS) a poll of the directory's attributes; while notifications cannot
	 * be had (limits, permissions) it polls, and tries them again.
	 */
	AUTO,

	/** As {@link #AUTO}, but not being able to watch at start-up stops start-up. */
	ON,

	/**
	 * The operating system's notifications only; while they cannot be had, the tick
	 * alone, and they are tried again.
	 */
	NATIVE,

	/** Another name for {@link #NATIVE}, which is inotify on Linux. */
	INOTIFY,

	/** A {@code stat} of the directory every 500 ms, on any system. */
	POLL,

	/** The tick alone. */
	OFF

}
