package dev.iaimcp.heartbeat.scan;

import java.time.Instant;
import java.util.Optional;

/**
 * Liveness from {@link ProcessHandle}: it reads the process table directly, so a process
 * owned by another user (where {@code kill(pid, 0)} fails with EPERM) still counts as alive.
 */
final class ProcessHandleProbe implements ProcessProbe {

	@Override
	public ProcessLiveness check(long pid) {
		// pid_t is 32 bits: nothing outside (0, int max] can name a process, and 0 or -1
		// would mean "my process group" or "every process" to kill(2).
		if (pid <= 0 || pid > Integer.MAX_VALUE) {
			return ProcessLiveness.DEAD;
		}
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.map((handle) -> ProcessLiveness.alive(startOf(handle)))
			.orElse(ProcessLiveness.DEAD);
	}

	private static Instant startOf(ProcessHandle handle) {
		Optional<Instant> start = handle.info().startInstant();
		return start.orElse(null);
	}

}
