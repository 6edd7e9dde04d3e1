package dev.iaimcp.heartbeat.process;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Tells whether a pid names a live process. Called from several threads at once when a
 * scan is large, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ProcessProbe {

	ProcessLiveness check(long pid);

	/**
	 * Holds on to the process the pid names now.
	 * @param pid the pid
	 * @return the process, to ask later whether it has ended
	 */
	default WatchedProcess watch(long pid) {
		return RecheckedProcess.of(this, pid);
	}

	/**
	 * The operating system's view: Linux's {@code /proc} where there is one, otherwise
	 * {@link ProcessHandle}.
	 * @return a probe of the real process table
	 */
	static ProcessProbe system() {
		Path proc = Path.of("/proc");
		if (ProcfsProcessProbe.isAvailable(proc)) {
			return new ProcfsProcessProbe(proc);
		}
		return new ProcessHandleProbe(Clock.systemUTC());
	}

}
