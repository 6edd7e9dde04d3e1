package dev.iaimcp.heartbeat.scan;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one cleanup pass.
 *
 * @param at when it ran
 * @param deleted entries whose files are gone now (including ones another process removed first)
 * @param deletedLeftovers abandoned staging files that are gone now
 * @param kept files that were not deleted, with the reason
 */
public record Cleanup(Instant at, List<HeartbeatEntry> deleted, List<StagingLeftover> deletedLeftovers,
		List<SkippedFile> kept) {

	public Cleanup {
		deleted = List.copyOf(deleted);
		deletedLeftovers = List.copyOf(deletedLeftovers);
		kept = List.copyOf(kept);
	}

}
