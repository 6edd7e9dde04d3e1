package dev.iaimcp.heartbeat.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one pass over the wrappers directory: every heartbeat counted, a bounded
 * number of them kept.
 *
 * @param scannedAt when the scan began, by the scanner's clock
 * @param duration how long it took
 * @param entries the heartbeats kept, FRESH ones first, at most
 * {@link ScanLimits#entries()}
 * @param fresh how many heartbeats were FRESH
 * @param stale how many were STALE
 * @param orphan how many were ORPHAN
 * @param skipped files whose names looked like heartbeats but that were not trusted, by
 * reason
 * @param failure why the directory could not be listed, or {@code null} when it could (a
 * missing directory is no failure: nobody has written a heartbeat yet)
 */
public record Scan(Instant scannedAt, Duration duration, List<HeartbeatEntry> entries, int fresh, int stale, int orphan,
		Sample<SkippedFile> skipped, @Nullable String failure) {

	public Scan {
		entries = List.copyOf(entries);
	}

	static Scan failed(Instant scannedAt, Duration duration, String failure) {
		return new Scan(scannedAt, duration, List.of(), 0, 0, 0, Sample.empty(), failure);
	}

	/**
	 * How many heartbeats were judged but not kept in {@link #entries()}.
	 * @return the number left out
	 */
	public int omitted() {
		return this.fresh + this.stale + this.orphan - this.entries.size();
	}

	public boolean active() {
		return this.fresh > 0;
	}

	public boolean listed() {
		return this.failure == null;
	}

}
