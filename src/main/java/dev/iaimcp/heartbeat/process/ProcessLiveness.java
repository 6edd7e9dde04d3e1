package dev.iaimcp.heartbeat.process;

import org.jspecify.annotations.Nullable;

/**
 * Whether a pid names a running process, and when that process started if the OS says.
 *
 * @param alive whether a process with the pid exists (even one we may not signal)
 * @param start when that process started, or {@code null} when unknown
 */
public record ProcessLiveness(boolean alive, @Nullable ProcessStart start) {

	/** No process has the pid, or it has exited. */
	public static final ProcessLiveness DEAD = new ProcessLiveness(false, null);

	public static ProcessLiveness alive(@Nullable ProcessStart start) {
		return new ProcessLiveness(true, start);
	}

	/**
	 * Whether a number can name a process at all: pid_t is 32 bits, and 0 or -1 would
	 * mean "my process group" or "every process" to kill(2).
	 */
	static boolean canNameAProcess(long pid) {
		return pid > 0 && pid <= Integer.MAX_VALUE;
	}

}
