package dev.iaimcp.heartbeat.scan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts every heartbeat a scan judges and keeps a bounded number of them: FRESH ones
 * first, since they are what presence is about, then the others in the order they came.
 */
final class KeptEntries {

	private final int limit;

	private final List<HeartbeatEntry> fresh = new ArrayList<>();

	private final List<HeartbeatEntry> others = new ArrayList<>();

	private final Map<HeartbeatStatus, Integer> counts = new EnumMap<>(HeartbeatStatus.class);

	KeptEntries(int limit) {
		this.limit = limit;
	}

	void add(HeartbeatEntry entry) {
		this.counts.merge(entry.status(), 1, Integer::sum);
		List<HeartbeatEntry> kept = (entry.status() == HeartbeatStatus.FRESH) ? this.fresh : this.others;
		if (kept.size() < this.limit) {
			kept.add(entry);
		}
	}

	int count(HeartbeatStatus status) {
		return this.counts.getOrDefault(status, 0);
	}

	List<HeartbeatEntry> kept() {
		List<HeartbeatEntry> kept = new ArrayList<>(this.fresh);
		kept.addAll(this.others.subList(0, Math.min(this.others.size(), this.limit - this.fresh.size())));
		return kept;
	}

}
