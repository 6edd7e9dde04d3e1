package dev.iaimcp.heartbeat.scan;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Liveness from {@link ProcessHandle}, where there is no {@code /proc} (macOS): it reads
 * the process table directly, so a process owned by another user (where
 * {@code kill(pid, 0)} fails with EPERM) still counts as alive. The kernel keeps a process's
 * start as a wall-clock instant taken when it started, which identifies the process
 * whatever the clock does later; its age can only be told against the wall clock.
 */
final class ProcessHandleProbe implements ProcessProbe {

	private final Clock clock;

	ProcessHandleProbe(Clock clock) {
		this.clock = clock;
	}

	@Override
	public ProcessLiveness check(long pid) {
		if (!ProcessLiveness.canNameAProcess(pid)) {
			return ProcessLiveness.DEAD;
		}
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.map((handle) -> ProcessLiveness.alive(startOf(handle)))
			.orElse(ProcessLiveness.DEAD);
	}

	private @Nullable ProcessStart startOf(ProcessHandle handle) {
		return handle.info()
			.startInstant()
			.map((start) -> new ProcessStart(start.toEpochMilli(), Duration.between(start, this.clock.instant())))
			.orElse(null);
	}

}
