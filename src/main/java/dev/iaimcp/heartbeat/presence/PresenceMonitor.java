package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.ScanObserver;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Runs the scans: the tick's (scan, then cleanup, then publish) and those asked for in
 * between; holds the latest snapshot that every reader is served from.
 */
@Component
public class PresenceMonitor {

	private final HeartbeatScanner scanner;

	private final HeartbeatProperties properties;

	private final PresenceKeeper presence;

	private final ScanReporter reporter = new ScanReporter();

	private final CleanupPolicy cleanupPolicy;

	private final AtomicReference<PresenceSnapshot> latest;

	private final ReentrantLock scanning = new ReentrantLock();

	private final AtomicLong scansStarted = new AtomicLong();

	private final List<ScanListener> listeners = new CopyOnWriteArrayList<>();

	private long lastCompletedScan;

	@Autowired
	PresenceMonitor(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock, PresenceKeeper presence) {
		this(scanner, properties, clock, presence, System::nanoTime);
	}

	PresenceMonitor(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock, PresenceKeeper presence,
			LongSupplier monotonicNanos) {
		this.scanner = scanner;
		this.properties = properties;
		this.presence = presence;
		this.latest = new AtomicReference<>(PresenceSnapshot.beforeFirstScan(presence.initial()));
		this.cleanupPolicy = new CleanupPolicy(properties.staleThreshold(), scanner.limits(), clock,
				new SuspendGuard(clock, monotonicNanos, properties.tickInterval(), properties.staleThreshold()));
	}

	public PresenceSnapshot snapshot() {
		return this.latest.get();
	}

	void addListener(ScanListener listener) {
		this.listeners.add(listener);
	}

	boolean isScanning() {
		return this.scanning.isLocked();
	}

	/**
	 * Scans now. Callers that arrive while a scan runs share the next one instead of each
	 * queueing their own.
	 * @param cleanup whether to delete STALE and ORPHAN files too
	 * @return the snapshot of a scan that began after this call did
	 */
	public PresenceSnapshot scanNow(boolean cleanup) {
		long scansBeforeArrival = this.scansStarted.get();
		this.scanning.lock();
		try {
			PresenceSnapshot latest = this.latest.get();
			boolean coalesce = this.lastCompletedScan > scansBeforeArrival && (!cleanup || latest.cleanup() != null);
			return coalesce ? latest : refresh(cleanup);
		}
		finally {
			this.scanning.unlock();
		}
	}

	/** Scans and, when enabled, cleans up; see {@link PresenceTick}. */
	void tick() {
		this.scanning.lock();
		try {
			this.cleanupPolicy.tickStarting();
			refresh(this.properties.cleanupEnabled());
		}
		catch (RuntimeException ex) {
			this.reporter.reportFailedTick(ex);
			this.latest.set(this.latest.get().withError("tick failed: " + ex));
		}
		finally {
			this.cleanupPolicy.tickEnded();
			this.scanning.unlock();
		}
	}

	private PresenceSnapshot refresh(boolean cleanup) {
		long scanNumber = this.scansStarted.incrementAndGet();
		CleanupPolicy.Pass cleaning = cleanup ? this.cleanupPolicy.begin() : null;
		Scan scan = this.scanner.scan((cleaning != null) ? cleaning : ScanObserver.NONE);
		Cleanup cleaned = (cleaning != null) ? cleaning.finish(scan) : null;
		Presence presence = this.presence.observe(scan.active(), scan.scannedAt());
		this.reporter.report(scan, cleaned);
		PresenceSnapshot snapshot = PresenceSnapshot.of(scan, cleaned, presence);
		this.latest.set(snapshot);
		this.lastCompletedScan = scanNumber;
		this.listeners.forEach((listener) -> listener.scanned(scan, cleaned));
		this.presence.announce(snapshot);
		return snapshot;
	}

}
