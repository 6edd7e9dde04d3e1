package dev.iaimcp.heartbeat.presence;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.ProcessProbe;

/**
 * Sees a wrapper's process end between ticks. A crashed wrapper leaves its file behind and
 * wakes no directory watch, so once a second this probes the pids of the latest snapshot's
 * FRESH heartbeats (one {@code /proc} read each, nothing when none is FRESH) and, when one
 * has ended, rescans, so that the snapshot, the events and the log tell it the usual way.
 * Cleanup stays on the tick.
 */
@Component
@Profile("!check")
class WrapperExitWatch {

	/** At most this many pids are probed each second; the tick judges the rest. */
	static final int MAX_PIDS = 64;

	private final PresenceMonitor monitor;

	private final ProcessProbe probe;

	private @Nullable PresenceSnapshot watched;

	private List<Long> pids = List.of();

	WrapperExitWatch(PresenceMonitor monitor, ProcessProbe probe) {
		this.monitor = monitor;
		this.probe = probe;
	}

	@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
	void probeFreshWrappers() {
		if (freshPids().stream().anyMatch((pid) -> !this.probe.check(pid).alive())) {
			this.monitor.scanNow(false);
		}
	}

	// Worked out once per snapshot, not per second: a snapshot may hold many entries.
	private List<Long> freshPids() {
		PresenceSnapshot snapshot = this.monitor.snapshot();
		if (snapshot != this.watched) {
			this.pids = snapshot.entries()
				.stream()
				.filter((entry) -> entry.status() == HeartbeatStatus.FRESH)
				.map(PresenceSnapshot.Entry::pid)
				.distinct()
				.limit(MAX_PIDS)
				.toList();
			this.watched = snapshot;
		}
		return this.pids;
	}

}
