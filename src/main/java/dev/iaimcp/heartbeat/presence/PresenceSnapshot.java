package dev.iaimcp.heartbeat.presence;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * What the latest tick (or requested scan) found, as served to everyone who asks.
 *
 * @param state UNKNOWN until the first scan has finished, then ACTIVE, ABSENT, DROWSY or
 * IDLE; {@link #active()} and {@link #idle()} follow from it
 * @param since when the current state began
 * @param idleSeconds how long no heartbeat has been FRESH, 0 while one is
 * @param fresh number of FRESH heartbeats
 * @param stale number of STALE heartbeats
 * @param orphan number of ORPHAN heartbeats
 * @param skipped number of files named like heartbeats that were not trusted
 * @param scannedAt when the scan ran, {@code null} before the first one
 * @param scanMillis how long it took
 * @param lastFreshAt when a FRESH heartbeat was last seen (by this run or one it
 * remembers), {@code null} if never or before the first scan
 * @param cleanup what the cleanup after that scan deleted, {@code null} when none ran
 * @param entries the heartbeats judged, FRESH ones first, at most a bounded number of
 * them
 * @param omitted how many heartbeats were judged (and counted above) but are not in
 * {@code entries}
 * @param error why the directory could not be scanned, {@code null} when it could
 */
@JsonPropertyOrder({ "active", "idle", "state" })
public record PresenceSnapshot(PresenceState state, Instant since, long idleSeconds, int fresh, int stale, int orphan,
		int skipped, @Nullable Instant scannedAt, long scanMillis, @Nullable Instant lastFreshAt,
		@Nullable CleanupSummary cleanup, List<Entry> entries, int omitted, @Nullable String error) {

	public PresenceSnapshot {
		entries = List.copyOf(entries);
	}

	static PresenceSnapshot beforeFirstScan(Instant startedAt) {
		return new PresenceSnapshot(PresenceState.UNKNOWN, startedAt, 0, 0, 0, 0, 0, null, 0, null, null, List.of(), 0,
				null);
	}

	public static PresenceSnapshot of(Scan scan, @Nullable Cleanup cleanup, PresenceRecord presence) {
		return new PresenceSnapshot(presence.state(), presence.since(), presence.idleSecondsAt(scan.scannedAt()),
				scan.fresh(), scan.stale(), scan.orphan(), scan.skipped().total(), scan.scannedAt(),
				scan.duration().toMillis(), presence.lastFreshAt(), CleanupSummary.of(cleanup),
				scan.entries().stream().map(Entry::of).toList(), scan.omitted(), scan.failure());
	}

	/**
	 * Whether anyone is here: a heartbeat was FRESH at the latest scan.
	 * @return whether the state is ACTIVE
	 */
	@JsonProperty
	public boolean active() {
		return this.state == PresenceState.ACTIVE;
	}

	/**
	 * Whether sleep is allowed: no heartbeat has been FRESH for the whole idle window.
	 * @return whether the state is IDLE
	 */
	@JsonProperty
	public boolean idle() {
		return this.state == PresenceState.IDLE;
	}

	public PresenceSnapshot withError(String error) {
		return new PresenceSnapshot(this.state, this.since, this.idleSeconds, this.fresh, this.stale, this.orphan,
				this.skipped, this.scannedAt, this.scanMillis, this.lastFreshAt, this.cleanup, this.entries,
				this.omitted, error);
	}

	/**
	 * One heartbeat in the snapshot.
	 *
	 * @param pid the writer's pid
	 * @param uuid the writer's uuid
	 * @param status the verdict
	 * @param lastRefresh when it was last refreshed
	 * @param file the file name
	 */
	public record Entry(long pid, String uuid, HeartbeatStatus status, Instant lastRefresh, String file) {

		static Entry of(HeartbeatEntry entry) {
			return new Entry(entry.pid(), entry.uuid(), entry.status(), entry.lastRefresh(),
					entry.file().getFileName().toString());
		}

	}

	/**
	 * What one cleanup did.
	 *
	 * @param at when it ran
	 * @param deleted how many heartbeat files are gone
	 * @param leftovers how many abandoned staging files are gone
	 */
	public record CleanupSummary(Instant at, int deleted, int leftovers) {

		static @Nullable CleanupSummary of(@Nullable Cleanup cleanup) {
			return (cleanup != null)
					? new CleanupSummary(cleanup.at(), cleanup.deleted().total(), cleanup.deletedLeftovers().total())
					: null;
		}

	}

}
