package dev.iaimcp.heartbeat.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The seed's rule for one heartbeat: STALE when it is older than the threshold, whatever
 * its process says; otherwise ORPHAN when its pid is dead or now names a process that did
 * not write it; otherwise FRESH.
 */
final class Verdict {

	/** How much later than the writer's start its pid's process may have started. */
	static final Duration START_TIME_RESOLUTION = Duration.ofSeconds(2);

	private final Duration staleThreshold;

	Verdict(Duration staleThreshold) {
		this.staleThreshold = Objects.requireNonNull(staleThreshold, "'staleThreshold' must not be null");
	}

	/**
	 * Judges one heartbeat.
	 * @param now when the scan began
	 * @param heartbeat what the file says
	 * @param lastRefresh the refresh time the scan trusts (the payload's, or a stand-in)
	 * @param process what the process table says about the heartbeat's pid
	 * @return the verdict
	 */
	HeartbeatStatus judge(Instant now, Heartbeat heartbeat, Instant lastRefresh, ProcessLiveness process) {
		if (Duration.between(lastRefresh, now).compareTo(this.staleThreshold) > 0) {
			return HeartbeatStatus.STALE;
		}
		if (!process.alive() || isReused(heartbeat, process)) {
			return HeartbeatStatus.ORPHAN;
		}
		return HeartbeatStatus.FRESH;
	}

	private static boolean isReused(Heartbeat heartbeat, ProcessLiveness process) {
		Instant writerStart = heartbeat.startedAt();
		Instant processStart = process.startedAt();
		return writerStart != null && processStart != null
				&& processStart.isAfter(writerStart.plus(START_TIME_RESOLUTION));
	}

}
