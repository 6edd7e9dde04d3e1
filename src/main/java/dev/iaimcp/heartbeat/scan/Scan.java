package dev.iaimcp.heartbeat.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one pass over the wrappers directory.
 *
 * @param scannedAt when the scan began, by the scanner's clock
 * @param duration how long it took
 * @param entries every heartbeat judged
 * @param skipped files whose names looked like heartbeats but that were not trusted
 * @param leftovers staging files abandoned by dead writers, old enough to delete
 * @param failure why the directory could not be listed, or {@code null} when it could (a
 * missing directory is no failure: nobody has written a heartbeat yet)
 */
public record Scan(Instant scannedAt, Duration duration, List<HeartbeatEntry> entries, List<SkippedFile> skipped,
		List<StagingLeftover> leftovers, @Nullable String failure) {

	public Scan {
		entries = List.copyOf(entries);
		skipped = List.copyOf(skipped);
		leftovers = List.copyOf(leftovers);
	}

	static Scan failed(Instant scannedAt, Duration duration, String failure) {
		return new Scan(scannedAt, duration, List.of(), List.of(), List.of(), failure);
	}

	public int count(HeartbeatStatus status) {
		return (int) this.entries.stream().filter((entry) -> entry.status() == status).count();
	}

	public boolean active() {
		return this.entries.stream().anyMatch((entry) -> entry.status() == HeartbeatStatus.FRESH);
	}

	public boolean listed() {
		return this.failure == null;
	}

}
