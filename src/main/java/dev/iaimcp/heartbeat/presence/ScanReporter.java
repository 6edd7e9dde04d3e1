package dev.iaimcp.heartbeat.presence;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;

/**
 * Logs what changed between ticks, so that a quiet steady state logs nothing: presence
 * transitions, each deletion, and each distinct problem once while it lasts.
 */
class ScanReporter {

	private static final Logger logger = LoggerFactory.getLogger(ScanReporter.class);

	private final Set<String> reportedProblems = new HashSet<>();

	private @Nullable Boolean wasActive;

	void report(Scan scan, @Nullable Cleanup cleanup) {
		Set<String> problems = new HashSet<>();
		if (scan.failure() != null) {
			problems.add("Cannot list the wrappers directory: " + scan.failure());
		}
		else {
			reportTransition(scan);
		}
		scan.skipped().forEach((skip) -> problems.add("Skipped " + skip.file() + ": " + skip.reason()));
		if (cleanup != null) {
			cleanup.deleted().forEach(ScanReporter::reportDeletion);
			cleanup.deletedLeftovers()
				.forEach((leftover) -> logger.info("Deleted {} (staging file of dead pid {}, written {})",
						leftover.file(), leftover.pid(), leftover.modified()));
			cleanup.kept().forEach((kept) -> problems.add("Kept " + kept.file() + ": " + kept.reason()));
		}
		warnAboutNew(problems);
	}

	void reportFailedTick(RuntimeException ex) {
		logger.warn("Heartbeat tick failed; the next tick runs as scheduled", ex);
	}

	private void reportTransition(Scan scan) {
		boolean active = scan.active();
		if (this.wasActive == null || this.wasActive != active) {
			if (active) {
				logger.info("Presence: a wrapper is here ({} fresh)", scan.count(HeartbeatStatus.FRESH));
			}
			else {
				logger.info("Presence: no wrapper is here");
			}
		}
		this.wasActive = active;
	}

	private static void reportDeletion(HeartbeatEntry entry) {
		logger.info("Deleted {} ({}: {})", entry.file(), entry.status(), entry.reason());
	}

	private void warnAboutNew(Set<String> problems) {
		problems.stream().filter((problem) -> !this.reportedProblems.contains(problem)).forEach(logger::warn);
		this.reportedProblems.clear();
		this.reportedProblems.addAll(problems);
	}

}
