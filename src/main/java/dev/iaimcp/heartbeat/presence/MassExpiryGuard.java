package dev.iaimcp.heartbeat.presence;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * When most of the heartbeats that were FRESH a scan ago turn STALE at once while their
 * processes live, the likelier story is that something stopped them all (or our clock),
 * not that they all hung: like Eureka's self-preservation, those are not deleted this time.
 */
class MassExpiryGuard {

	private static final Logger logger = LoggerFactory.getLogger(MassExpiryGuard.class);

	private Set<Path> previouslyFresh = Set.of();

	/**
	 * Reviews a scan and returns the heartbeats it must not delete.
	 * @param scan the latest scan of the directory
	 * @return files to keep this time
	 */
	Set<Path> review(Scan scan) {
		if (!scan.listed()) {
			return Set.of();
		}
		List<Path> expiredAlive = scan.entries()
			.stream()
			.filter((entry) -> entry.status() == HeartbeatStatus.STALE && entry.processAlive())
			.map(HeartbeatEntry::file)
			.filter(this.previouslyFresh::contains)
			.toList();
		int wereFresh = this.previouslyFresh.size();
		this.previouslyFresh = scan.entries()
			.stream()
			.filter((entry) -> entry.status() == HeartbeatStatus.FRESH)
			.map(HeartbeatEntry::file)
			.collect(Collectors.toUnmodifiableSet());
		if (expiredAlive.size() < 2 || expiredAlive.size() * 2 <= wereFresh) {
			return Set.of();
		}
		logger.warn("{} of {} heartbeats that were FRESH turned STALE at once while their processes live; "
				+ "keeping their files this time", expiredAlive.size(), wereFresh);
		return Set.copyOf(expiredAlive);
	}

}
