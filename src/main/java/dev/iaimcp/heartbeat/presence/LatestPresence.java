package dev.iaimcp.heartbeat.presence;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest snapshot, which health, the presence endpoint, the event stream, the meters
 * and the check read. Only the {@code ScanRunner} replaces it.
 */
public final class LatestPresence {

	private final AtomicReference<PresenceSnapshot> latest;

	/**
	 * Starts with the snapshot of a service that has not finished its first scan.
	 * @param startedAt when the service started
	 */
	public LatestPresence(Instant startedAt) {
		this.latest = new AtomicReference<>(PresenceSnapshot.beforeFirstScan(startedAt));
	}

	public PresenceSnapshot snapshot() {
		return this.latest.get();
	}

	public void publish(PresenceSnapshot snapshot) {
		this.latest.set(snapshot);
	}

}
