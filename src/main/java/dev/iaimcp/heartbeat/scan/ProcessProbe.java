package dev.iaimcp.heartbeat.scan;

/**
 * Tells whether a pid names a live process.
 */
@FunctionalInterface
public interface ProcessProbe {

	ProcessLiveness check(long pid);

	/**
	 * The operating system's view, through {@link ProcessHandle}.
	 * @return a probe of the real process table
	 */
	static ProcessProbe system() {
		return new SystemProcessProbe();
	}

}
