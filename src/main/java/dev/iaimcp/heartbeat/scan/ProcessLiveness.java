package dev.iaimcp.heartbeat.scan;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether a pid names a running process, and when that process started if the OS says.
 *
 * @param alive whether a process with the pid exists (even one we may not signal)
 * @param startedAt when that process started, or {@code null} when unknown
 */
public record ProcessLiveness(boolean alive, @Nullable Instant startedAt) {

	public static final ProcessLiveness DEAD = new ProcessLiveness(false, null);

	public static ProcessLiveness alive(@Nullable Instant startedAt) {
		return new ProcessLiveness(true, startedAt);
	}

}
