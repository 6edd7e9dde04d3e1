package dev.iaimcp.heartbeat.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Liveness from {@link ProcessHandle}, where there is no {@code /proc} (macOS): it reads
 * the process table directly, so a process owned by another user (where
 * {@code kill(pid, 0)} fails with EPERM) still counts as alive. The kernel keeps a
 * process's start as a wall-clock instant taken when it started, which identifies the
 * process whatever the clock does later; its age can only be told against the wall clock.
 */
final class ProcessHandleProbe implements ProcessProbe {

	private static final Optional<String> OWN_USER = ProcessHandle.current().info().user();

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
			.map(ProcessHandle::info)
			.filter((info) -> !isZombie(info))
			.map((info) -> ProcessLiveness.alive(startOf(info)))
			.orElse(ProcessLiveness.DEAD);
	}

	// ProcessHandle.isAlive() counts a process that exited but was not reaped yet; its
	// command line is gone by then. Only our own processes' command lines can always be
	// read, so another user's process without one still counts as alive.
	private static boolean isZombie(ProcessHandle.Info info) {
		return info.command().isEmpty() && info.commandLine().isEmpty() && OWN_USER.isPresent()
				&& info.user().equals(OWN_USER);
	}

	private @Nullable ProcessStart startOf(ProcessHandle.Info info) {
		return info.startInstant()
			.map((start) -> new ProcessStart(start.toEpochMilli(), Duration.between(start, this.clock.instant())))
			.orElse(null);
	}

}
