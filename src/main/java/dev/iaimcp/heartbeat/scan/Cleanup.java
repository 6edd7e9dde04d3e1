package dev.iaimcp.heartbeat.scan;

import java.time.Instant;

/**
 * The outcome of one cleanup pass, however many files it touched.
 *
 * @param at when it ended
 * @param deleted heartbeats whose files are gone now (including ones another process
 * removed first), by the status that condemned them
 * @param deletedLeftovers abandoned staging files that are gone now
 * @param kept STALE and ORPHAN files that were not deleted, by the reason
 */
public record Cleanup(Instant at, Sample<HeartbeatEntry> deleted, Sample<StagingLeftover> deletedLeftovers,
		Sample<SkippedFile> kept) {

}
