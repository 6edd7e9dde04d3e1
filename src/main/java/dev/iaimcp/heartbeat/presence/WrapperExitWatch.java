package dev.iaimcp.heartbeat.presence;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.ProcessProbe;

/**
 * Sees a wrapper's process end between ticks. A crashed wrapper leaves its file behind and
 * wakes no directory watch, so once a second this probes the pids of the latest snapshot's
 * FRESH heartbeats (one {@code /proc} read each, nothing when none is FRESH) and, when one
 * has ended, rescans, so that the snapshot, the events and the log tell it the usual way.
 * Cleanup stays on the tick. Its own thread, not a scheduled task: a task's run and its
 * observation cost several times what the probes do, every second all day.
 */
@Component
@Profile("!check")
class WrapperExitWatch implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	/** At most this many pids are probed each second; the tick judges the rest. */
	static final int MAX_PIDS = 64;

	private static final Logger logger = LoggerFactory.getLogger(WrapperExitWatch.class);

	private final PresenceMonitor monitor;

	private final ProcessProbe probe;

	private @Nullable PresenceSnapshot watched;

	private List<Long> pids = List.of();

	private volatile @Nullable Thread thread;

	WrapperExitWatch(PresenceMonitor monitor, ProcessProbe probe) {
		this.monitor = monitor;
		this.probe = probe;
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::run, "heartbeat-exit-watch");
		thread.setDaemon(true);
		thread.start();
		this.thread = thread;
	}

	@Override
	public void stop() {
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void run() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(INTERVAL.toMillis());
				probeFreshWrappers();
			}
		}
		catch (InterruptedException ex) {
			// Stopped.
		}
	}

	void probeFreshWrappers() {
		try {
			if (freshPids().stream().anyMatch((pid) -> !this.probe.isAlive(pid))) {
				this.monitor.scanNow(false);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to rescan after a wrapper's process ended; the tick will: {}", ex.toString());
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
