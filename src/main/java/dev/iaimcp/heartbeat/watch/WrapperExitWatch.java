package dev.iaimcp.heartbeat.watch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.process.WatchedProcess;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.SafeText;

/**
 * Sees a wrapper's process end between ticks. A crashed wrapper leaves its file behind
 * and wakes no directory watch, so this holds on to the processes of the latest
 * snapshot's FRESH heartbeats and once a second asks each whether it has ended (on Linux
 * one read of its open {@code /proc/<pid>/stat}; nothing when none is FRESH); when one
 * has, it rescans, so that the snapshot, the events and the log tell it the usual way.
 * Cleanup stays on the tick. It has its own thread rather than a scheduled task, and
 * holds the files open rather than probing by pid, because it runs every second all day:
 * both were measured to cost more than the idle budget allows.
 */
@Component
class WrapperExitWatch implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	/** At most this many pids are probed each second; the tick judges the rest. */
	static final int MAX_PIDS = 64;

	private static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(WrapperExitWatch.class);

	private final LatestPresence latest;

	private final ScanRunner runner;

	private final ProcessProbe probe;

	private @Nullable PresenceSnapshot seen;

	/**
	 * The processes of the FRESH heartbeats, by pid; only the watch's thread touches it.
	 */
	private final Map<Long, WatchedProcess> watched = new HashMap<>();

	private volatile @Nullable Thread thread;

	/**
	 * Set, and the thread unparked, to stop: never an interrupt, which would break the
	 * file reads of a rescan or probe under way (as in the directory watch's poll).
	 */
	private volatile boolean stopping;

	private @Nullable String failure;

	WrapperExitWatch(LatestPresence latest, ScanRunner runner, ProcessProbe probe) {
		this.latest = latest;
		this.runner = runner;
		this.probe = probe;
	}

	@Override
	public void start() {
		this.stopping = false;
		Thread thread = new Thread(this::run, "heartbeat-exit-watch");
		thread.setDaemon(true);
		thread.start();
		this.thread = thread;
	}

	// Bounded: a rescan may wait behind a tick of a huge directory, and the tick has its
	// own shutdown phase to finish in.
	@Override
	public void stop() {
		Thread thread = this.thread;
		if (thread != null) {
			this.stopping = true;
			LockSupport.unpark(thread);
			try {
				thread.join(STOP_WAIT.toMillis());
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

	// The watched files are the thread's own: it closes them as it ends.
	private void run() {
		try {
			while (!this.stopping) {
				// May return early (spuriously, or to stop): then it probes sooner.
				LockSupport.parkNanos(this, INTERVAL.toNanos());
				if (!this.stopping) {
					probeFreshWrappers();
				}
			}
		}
		finally {
			this.watched.values().forEach(WatchedProcess::close);
			this.watched.clear();
			this.seen = null;
		}
	}

	void probeFreshWrappers() {
		try {
			PresenceSnapshot snapshot = this.latest.snapshot();
			if (snapshot != this.seen) {
				watchFreshWrappers(snapshot);
				this.seen = snapshot;
			}
			if (anyEnded()) {
				this.runner.scanNow(false);
			}
			this.failure = null;
		}
		catch (RuntimeException ex) {
			// Once while it lasts, not every second.
			if (!ex.toString().equals(this.failure)) {
				logger.warn("Failed to rescan after a wrapper's process ended; the tick will: {}", SafeText.of(ex));
			}
			this.failure = ex.toString();
		}
	}

	// An ended process is let go: if its pid is FRESH again after the rescan, that is
	// another process.
	private boolean anyEnded() {
		for (Iterator<WatchedProcess> processes = this.watched.values().iterator(); processes.hasNext();) {
			WatchedProcess process = processes.next();
			if (process.hasEnded()) {
				process.close();
				processes.remove();
				return true;
			}
		}
		return false;
	}

	// Worked out once per snapshot, not per second: a snapshot may hold many entries.
	private void watchFreshWrappers(PresenceSnapshot snapshot) {
		Set<Long> fresh = snapshot.entries()
			.stream()
			.filter((entry) -> entry.status() == HeartbeatStatus.FRESH)
			.map(PresenceSnapshot.Entry::pid)
			.distinct()
			.limit(MAX_PIDS)
			.collect(Collectors.toSet());
		this.watched.entrySet().removeIf((watched) -> {
			boolean gone = !fresh.contains(watched.getKey());
			if (gone) {
				watched.getValue().close();
			}
			return gone;
		});
		fresh.forEach((pid) -> this.watched.computeIfAbsent(pid, this.probe::watch));
	}

}
