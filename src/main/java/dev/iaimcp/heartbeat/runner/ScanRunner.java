package dev.iaimcp.heartbeat.runner;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceChangedEvent;
import dev.iaimcp.heartbeat.presence.PresenceMemory;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceTransition;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.ScanObserver;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Runs the scans: the tick's (scan, then cleanup, then publish) and those asked for in
 * between. Each publishes its snapshot to {@link LatestPresence}, then a
 * {@link ScanCompletedEvent} and, when presence changed, a {@link PresenceChangedEvent}.
 */
@Component
public class ScanRunner {

	private final HeartbeatScanner scanner;

	private final HeartbeatProperties properties;

	private final PresenceMemory presence;

	private final LatestPresence latest;

	private final ApplicationEventPublisher events;

	private final ScanReporter reporter = new ScanReporter();

	private final CleanupPolicy cleanupPolicy;

	private final ReentrantLock scanning = new ReentrantLock();

	private final AtomicLong scansStarted = new AtomicLong();

	private long lastCompletedScan;

	@Autowired
	public ScanRunner(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock, PresenceMemory presence,
			LatestPresence latest, ApplicationEventPublisher events) {
		this(scanner, properties, clock, presence, latest, events, System::nanoTime);
	}

	ScanRunner(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock, PresenceMemory presence,
			LatestPresence latest, ApplicationEventPublisher events, LongSupplier monotonicNanos) {
		this.scanner = scanner;
		this.properties = properties;
		this.presence = presence;
		this.latest = latest;
		this.events = events;
		this.cleanupPolicy = new CleanupPolicy(properties.staleThreshold(), scanner.limits(), clock,
				new SuspendGuard(clock, monotonicNanos, properties.tickInterval(), properties.staleThreshold()));
	}

	/**
	 * A runner outside the service, as the one-shot check runs it, with the scanner the
	 * service would build from these settings; see
	 * {@link #standalone(HeartbeatScanner, HeartbeatProperties, Clock, LatestPresence)}.
	 * @param properties the settings
	 * @param clock the clock
	 * @return the runner
	 */
	public static ScanRunner standalone(HeartbeatProperties properties, Clock clock) {
		HeartbeatScanner scanner = ScannerConfiguration.scanner(properties, ProcessProbe.system(), clock);
		return standalone(scanner, properties, clock, new LatestPresence(clock.instant()));
	}

	/**
	 * A runner outside the service, as the one-shot check runs it: it starts from the
	 * presence the service remembers beside the scanner's directory, but writes no state
	 * file and publishes no event.
	 * @param scanner the scanner
	 * @param properties the settings
	 * @param clock the clock
	 * @param latest where its snapshots go
	 * @return the runner
	 */
	public static ScanRunner standalone(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock,
			LatestPresence latest) {
		PresenceMemory readOnly = PresenceMemory.beside(scanner.wrappersDir(), properties, clock, false);
		return new ScanRunner(scanner, properties, clock, readOnly, latest, (event) -> {
		});
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
		return scanHoldingTheLock(cleanup, scansBeforeArrival);
	}

	/**
	 * Scans now, waiting at most the given time for a scan that is running: a scan of a
	 * huge directory takes minutes, and a caller that holds a web server's worker thread
	 * must not hold it that long.
	 * @param cleanup whether to delete STALE and ORPHAN files too
	 * @param maxWait how long to wait for a running scan to end
	 * @return the snapshot of a scan that began after this call did, or empty when a scan
	 * was still running after {@code maxWait}
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Optional<PresenceSnapshot> scanNow(boolean cleanup, Duration maxWait) throws InterruptedException {
		long scansBeforeArrival = this.scansStarted.get();
		if (!this.scanning.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
			return Optional.empty();
		}
		return Optional.of(scanHoldingTheLock(cleanup, scansBeforeArrival));
	}

	// Callers that arrived while a scan ran share the next one instead of each queueing
	// their own.
	private PresenceSnapshot scanHoldingTheLock(boolean cleanup, long scansBeforeArrival) {
		try {
			PresenceSnapshot latest = this.latest.snapshot();
			boolean coalesce = this.lastCompletedScan > scansBeforeArrival && (!cleanup || latest.cleanup() != null);
			return coalesce ? latest : refresh(cleanup, ScanCompletedEvent.AskedBy.REQUEST);
		}
		finally {
			this.scanning.unlock();
		}
	}

	/** Scans and, when enabled, cleans up; see {@link Tick}. */
	void tick() {
		this.scanning.lock();
		try {
			this.cleanupPolicy.tickStarting();
			refresh(this.properties.cleanupEnabled(), ScanCompletedEvent.AskedBy.TICK);
		}
		catch (RuntimeException ex) {
			this.reporter.reportFailedTick(ex);
			this.latest.publish(this.latest.snapshot().withError("tick failed: " + ex));
		}
		finally {
			this.cleanupPolicy.tickEnded();
			this.scanning.unlock();
		}
	}

	private PresenceSnapshot refresh(boolean cleanup, ScanCompletedEvent.AskedBy askedBy) {
		long scanNumber = this.scansStarted.incrementAndGet();
		CleanupPolicy.CleanupPass cleaning = cleanup ? this.cleanupPolicy.begin() : null;
		Scan scan = this.scanner.scan((cleaning != null) ? cleaning : ScanObserver.NONE);
		Cleanup cleaned = (cleaning != null) ? cleaning.finish(scan) : null;
		PresenceTransition transition = this.presence.observe(scan.active(), scan.scannedAt());
		PresenceSnapshot snapshot = PresenceSnapshot.of(scan, cleaned, transition.to());
		this.latest.publish(snapshot);
		this.lastCompletedScan = scanNumber;
		this.reporter.report(scan, cleaned, transition);
		publish(new ScanCompletedEvent(scan, cleaned, transition, askedBy), snapshot);
		this.presence.saveIfDue();
		return snapshot;
	}

	private void publish(ScanCompletedEvent completed, PresenceSnapshot snapshot) {
		this.events.publishEvent(completed);
		PresenceTransition transition = completed.transition();
		if (transition.changed()) {
			this.events.publishEvent(new PresenceChangedEvent(transition.from(), snapshot));
		}
	}

}
