package dev.iaimcp.heartbeat.watch;

import java.io.IOException;

/**
 * Calls back soon after the entries of one directory, named by its path, change: also
 * after the path has come to lead to another directory, and after a missing directory
 * appears. One daemon thread per watch.
 */
interface DirectoryWatch {

	/**
	 * Starts watching.
	 * @throws IOException if the directory cannot be watched this way now
	 * @throws UnsupportedOperationException if it never can on this system
	 */
	void start() throws IOException;

	/**
	 * Stops watching and waits for the watching thread to end; does nothing if not
	 * started.
	 */
	void stop();

	/**
	 * How changes are seen, as health reports it.
	 * @return for example {@code inotify} or {@code poll}
	 */
	String name();

}
