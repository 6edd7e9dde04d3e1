package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessStart;

/**
 * The seed's rule for one heartbeat: STALE when it is older than the threshold, whatever
 * its process says; otherwise ORPHAN when its pid is dead or now names a process that did
 * not write it; otherwise FRESH.
 * <p>
 * Writers' timestamps come from the wall clock, which steps (NTP, {@code date -s}, a VM
 * clock fix); a process's start and age come from the kernel, which does not. So a writer
 * once seen FRESH is remembered with its process's start: the same start later is the
 * same process and the age of an unchanged heartbeat is counted on the kernel's clock,
 * whatever the wall clock did; a different start is certainly another process. A
 * heartbeat never seen before is judged by {@link #startedAfterLastRefresh a rule no
 * single step can fool}.
 */
final class Verdict {

	/**
	 * Slack when a process's age is compared with a writer's timestamps: the kernel
	 * counts in 10 ms ticks, and a writer records its start a moment after its process
	 * began.
	 */
	static final Duration START_TIME_RESOLUTION = Duration.ofSeconds(2);

	/**
	 * How many writers are remembered; beyond, heartbeats are judged as if never seen.
	 */
	static final int REMEMBERED_WRITERS = 4_096;

	private final Duration staleThreshold;

	private final Map<Writer, Sighting> sightings = new ConcurrentHashMap<>();

	private volatile long scan;

	Verdict(Duration staleThreshold) {
		this.staleThreshold = Objects.requireNonNull(staleThreshold, "'staleThreshold' must not be null");
	}

	/**
	 * Ends a scan that listed the whole directory, forgetting the writers whose heartbeat
	 * it did not see. A scan that could not list it forgets nothing. Not to be called
	 * while a scan judges.
	 */
	void scanListed() {
		long current = this.scan++;
		this.sightings.values().removeIf((sighting) -> sighting.scan() < current);
	}

	/**
	 * Judges one heartbeat.
	 * @param now when the scan began
	 * @param file the heartbeat's file
	 * @param heartbeat what the file says
	 * @param lastRefresh the refresh time the scan trusts (the payload's, or a stand-in)
	 * @param process what the process table says about the heartbeat's pid
	 * @return the verdict
	 */
	HeartbeatStatus judge(Instant now, Path file, Heartbeat heartbeat, Instant lastRefresh, ProcessLiveness process) {
		Writer writer = new Writer(heartbeat.pid(), file.getFileName().toString());
		Sighting seen = this.sightings.computeIfPresent(writer, (key, sighting) -> sighting.in(this.scan));
		ProcessStart start = process.start();
		Duration age = (seen != null && seen.saw(start, heartbeat.stamp()))
				? start.age().minus(seen.processAgeAtRefresh()) : Duration.between(lastRefresh, now);
		if (age.compareTo(this.staleThreshold) > 0) {
			return HeartbeatStatus.STALE;
		}
		if (!process.alive() || isReplaced(now, heartbeat, lastRefresh, seen, start)) {
			return HeartbeatStatus.ORPHAN;
		}
		if (start != null && (seen == null || !seen.stamp().equals(heartbeat.stamp()))) {
			remember(writer, seen,
					new Sighting(start.identity(), heartbeat.stamp(), start.age().minus(age), this.scan));
		}
		return HeartbeatStatus.FRESH;
	}

	private static boolean isReplaced(Instant now, Heartbeat heartbeat, Instant lastRefresh, @Nullable Sighting seen,
			@Nullable ProcessStart start) {
		if (start == null) {
			return false;
		}
		return (seen != null) ? seen.identity() != start.identity()
				: startedAfterLastRefresh(now, heartbeat, lastRefresh, start);
	}

	private void remember(Writer writer, @Nullable Sighting seen, Sighting sighting) {
		if (seen != null || this.sightings.size() < REMEMBERED_WRITERS) {
			this.sightings.put(writer, sighting);
		}
	}

	/**
	 * Whether the live pid's process started after the heartbeat was last refreshed,
	 * judged without memory: its age must be shorter both than the time since that
	 * refresh (on our clock) and than the writer's age at that refresh (on the writer's
	 * clock). Each of the two is a difference of two readings of one clock, so a single
	 * step in either direction lies in at most one of them and cannot make a live writer
	 * look replaced. A pid reused by a process that has run longer than its old writer
	 * had lived is left to staleness.
	 * @param now the time of the scan, on our clock
	 * @param heartbeat the heartbeat, with the writer's own start and refresh times
	 * @param lastRefresh when the heartbeat was last refreshed, as the scan trusts it
	 * @param start when the live pid's process started
	 * @return whether that process is younger than the heartbeat's last refresh
	 */
	private static boolean startedAfterLastRefresh(Instant now, Heartbeat heartbeat, Instant lastRefresh,
			ProcessStart start) {
		Instant writerStart = heartbeat.startedAt();
		Instant writerRefresh = heartbeat.lastRefresh();
		if (writerStart == null || writerRefresh == null) {
			return false;
		}
		Duration age = start.age().plus(START_TIME_RESOLUTION);
		return age.compareTo(Duration.between(lastRefresh, now)) < 0
				&& age.compareTo(Duration.between(writerStart, writerRefresh)) < 0;
	}

	/**
	 * A writer: the pid its heartbeat names and the heartbeat's file (whose name holds
	 * its uuid).
	 */
	private record Writer(long pid, String fileName) {
	}

	/**
	 * A writer judged FRESH: its process's identity, the version of its heartbeat then
	 * seen, the process's age when that version was written, and the last scan that saw
	 * it.
	 */
	private record Sighting(long identity, FileStamp stamp, Duration processAgeAtRefresh, long scan) {

		Sighting in(long scan) {
			return new Sighting(this.identity, this.stamp, this.processAgeAtRefresh, scan);
		}

		/**
		 * Whether this is the process and the version of the heartbeat that were seen.
		 * @param start when the pid's process started, {@code null} when unknown
		 * @param stamp the version of the heartbeat now
		 * @return whether both are the ones seen; never when the start is unknown
		 */
		boolean saw(@Nullable ProcessStart start, FileStamp stamp) {
			return start != null && start.identity() == this.identity && stamp.equals(this.stamp);
		}

	}

}
