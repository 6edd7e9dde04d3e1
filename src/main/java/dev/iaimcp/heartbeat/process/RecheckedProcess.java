package dev.iaimcp.heartbeat.process;

import org.jspecify.annotations.Nullable;

/**
 * A process watched by probing its pid each time, and comparing the start with the one
 * first seen.
 *
 * @param probe how the pid is probed
 * @param pid the process's pid
 * @param start when the process started, as first seen, or {@code null} when unknown
 */
record RecheckedProcess(ProcessProbe probe, long pid, @Nullable ProcessStart start) implements WatchedProcess {

	static RecheckedProcess of(ProcessProbe probe, long pid) {
		return new RecheckedProcess(probe, pid, probe.check(pid).start());
	}

	@Override
	public boolean hasEnded() {
		ProcessLiveness now = this.probe.check(this.pid);
		return !now.alive()
				|| this.start != null && now.start() != null && now.start().identity() != this.start.identity();
	}

	@Override
	public void close() {
	}

}
