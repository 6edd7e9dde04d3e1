package dev.iaimcp.heartbeat.runner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.Deletion;
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Sample;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.ScanLimits;
import dev.iaimcp.heartbeat.scan.ScanObserver;
import dev.iaimcp.heartbeat.scan.SkippedFile;
import dev.iaimcp.heartbeat.scan.StagingLeftover;

/**
 * Which files cleanup may delete, all in one place. STALE and ORPHAN heartbeats and
 * abandoned staging files are deleted as the scan judges them, each only if it is still
 * the version that was judged; FRESH ones never are. Two guards hold files back, and only
 * scans that delete consult and update them:
 * <ul>
 * <li>after the machine slept, this process was stopped or the wall clock jumped (see
 * {@link SuspendGuard}), no STALE file, nor the file of a live process, is deleted until
 * the wrappers have had one stale threshold to refresh;</li>
 * <li>when most (and at least two) of the heartbeats that were FRESH at the previous
 * deleting scan turn STALE at once while their processes live, the likelier story is that
 * something stopped them all, not that they all hung: like Eureka's self-preservation,
 * their files are kept for as long as that lasts, that is until each one refreshes or its
 * process ends.</li>
 * </ul>
 * The guard remembers no file, only times and counts, so that it costs the same for ten
 * heartbeats as for a million.
 */
final class CleanupPolicy {

	static final String MASS_EXPIRY = "one of many heartbeats that turned STALE at once while their processes live";

	static final String UNDECIDED = "more heartbeats turned STALE at once than one scan decides on; the next decides";

	static final String SCAN_FAILED = "the scan did not finish";

	private static final Logger logger = LoggerFactory.getLogger(CleanupPolicy.class);

	private final Duration staleThreshold;

	private final ScanLimits limits;

	private final Clock clock;

	private final SuspendGuard suspendGuard;

	private @Nullable Instant lastDeletingScanAt;

	private int freshAtLastDeletingScan;

	private @Nullable MassExpiry massExpiry;

	CleanupPolicy(Duration staleThreshold, ScanLimits limits, Clock clock, SuspendGuard suspendGuard) {
		this.staleThreshold = staleThreshold;
		this.limits = limits;
		this.clock = clock;
		this.suspendGuard = suspendGuard;
	}

	void tickStarting() {
		this.suspendGuard.tickStarting();
	}

	void tickEnded() {
		this.suspendGuard.tickEnded();
	}

	/**
	 * Starts a deleting scan.
	 * @return the observer to scan with; {@link CleanupPass#finish(Scan)} it with the
	 * scan
	 */
	CleanupPass begin() {
		return new CleanupPass(this.clock.instant());
	}

	/**
	 * A mass expiry in progress: the heartbeats whose last refresh falls in
	 * {@code [from, until)} stopped together.
	 */
	private record MassExpiry(Instant from, Instant until, Instant since) {

		boolean covers(HeartbeatEntry entry) {
			return !entry.lastRefresh().isBefore(this.from) && entry.lastRefresh().isBefore(this.until);
		}

		MassExpiry extendedTo(Instant from, Instant until) {
			return new MassExpiry(from.isBefore(this.from) ? from : this.from, until, this.since);
		}

	}

	/** One deleting scan: what it deleted, kept and put off to its end. */
	final class CleanupPass implements ScanObserver {

		private final Instant now;

		private final @Nullable String suspended;

		/** Heartbeats refreshed since then were FRESH at the previous deleting scan. */
		private final @Nullable Instant freshSince;

		private final int freshBefore;

		private final Sample.Collector<HeartbeatEntry> deleted;

		private final Sample.Collector<StagingLeftover> deletedLeftovers;

		private final Sample.Collector<SkippedFile> kept;

		private final List<HeartbeatEntry> deferred = new ArrayList<>();

		private int expiredAtOnce;

		private int stillHeld;

		CleanupPass(Instant now) {
			this.now = now;
			Instant holdUntil = CleanupPolicy.this.suspendGuard.holdingUntil(now);
			this.suspended = (holdUntil != null) ? "the machine slept, the service was stopped or the clock jumped; "
					+ "kept until " + holdUntil + " so that wrappers can refresh" : null;
			Instant last = CleanupPolicy.this.lastDeletingScanAt;
			this.freshSince = (last != null) ? last.minus(CleanupPolicy.this.staleThreshold) : null;
			this.freshBefore = CleanupPolicy.this.freshAtLastDeletingScan;
			int examples = CleanupPolicy.this.limits.examples();
			this.deleted = new Sample.Collector<>(examples);
			this.deletedLeftovers = new Sample.Collector<>(examples);
			this.kept = new Sample.Collector<>(examples);
		}

		@Override
		public void judged(HeartbeatEntry entry) {
			if (entry.status() == HeartbeatStatus.FRESH) {
				return;
			}
			boolean expiredAlive = entry.status() == HeartbeatStatus.STALE && entry.processAlive();
			MassExpiry massExpiry = CleanupPolicy.this.massExpiry;
			if (expiredAlive && massExpiry != null && massExpiry.covers(entry)) {
				this.stillHeld++;
				keep(entry, MASS_EXPIRY);
			}
			else if (this.suspended != null && (entry.status() == HeartbeatStatus.STALE || entry.processAlive())) {
				keep(entry, this.suspended);
			}
			else if (expiredAlive && this.freshSince != null && !entry.lastRefresh().isBefore(this.freshSince)) {
				defer(entry);
			}
			else {
				delete(entry);
			}
		}

		@Override
		public void abandoned(StagingLeftover leftover) {
			String keptBecause = Deletion.deleteIfUnchanged(leftover.file(), leftover.stamp());
			if (keptBecause == null) {
				this.deletedLeftovers.add(leftover, "leftover");
			}
			else {
				this.kept.add(new SkippedFile(leftover.file(), keptBecause), keptBecause);
			}
		}

		/**
		 * Decides what waited for the whole scan, and moves the guards on.
		 * @param scan the scan this pass observed
		 * @return what the pass deleted and kept
		 */
		Cleanup finish(Scan scan) {
			if (!scan.listed()) {
				this.deferred.forEach((entry) -> keep(entry, SCAN_FAILED));
			}
			else if (this.freshSince != null && isMassExpiry()) {
				holdMassExpiry(this.freshSince);
			}
			else {
				this.deferred.forEach(this::delete);
				endMassExpiryIfOver();
			}
			if (scan.listed()) {
				CleanupPolicy.this.lastDeletingScanAt = this.now;
				CleanupPolicy.this.freshAtLastDeletingScan = scan.fresh();
			}
			return new Cleanup(CleanupPolicy.this.clock.instant(), this.deleted.toSample(),
					this.deletedLeftovers.toSample(), this.kept.toSample());
		}

		// Of the heartbeats refreshed since then, those that were FRESH at that scan are
		// not told apart from those written after it; no more of them can have been FRESH
		// than that scan counted.
		private int expiredOfTheFresh() {
			return Math.min(this.expiredAtOnce, this.freshBefore);
		}

		private boolean isMassExpiry() {
			return expiredOfTheFresh() >= 2 && expiredOfTheFresh() * 2 > this.freshBefore;
		}

		private void holdMassExpiry(Instant from) {
			Instant until = this.now.minus(CleanupPolicy.this.staleThreshold);
			MassExpiry massExpiry = CleanupPolicy.this.massExpiry;
			CleanupPolicy.this.massExpiry = (massExpiry != null) ? massExpiry.extendedTo(from, until)
					: new MassExpiry(from, until, this.now);
			logger.warn(
					"{} of {} heartbeats that were FRESH turned STALE at once while their processes live; "
							+ "keeping their files until each refreshes or its process ends",
					expiredOfTheFresh(), this.freshBefore);
			this.deferred.forEach((entry) -> keep(entry, MASS_EXPIRY));
		}

		private void endMassExpiryIfOver() {
			MassExpiry massExpiry = CleanupPolicy.this.massExpiry;
			if (massExpiry != null && this.stillHeld == 0) {
				CleanupPolicy.this.massExpiry = null;
				logger.info("The heartbeats that turned STALE at once on {} have all refreshed or their processes "
						+ "ended; cleanup is back to normal", massExpiry.since());
			}
		}

		// Whether it is a mass expiry is known only at the end of the pass; past the
		// limit, the rest wait for the next deleting scan, which judges them as usual.
		private void defer(HeartbeatEntry entry) {
			this.expiredAtOnce++;
			if (this.deferred.size() < CleanupPolicy.this.limits.entries()) {
				this.deferred.add(entry);
			}
			else {
				keep(entry, UNDECIDED);
			}
		}

		private void delete(HeartbeatEntry entry) {
			String keptBecause = Deletion.deleteIfUnchanged(entry.file(), entry.stamp());
			if (keptBecause == null) {
				this.deleted.add(entry, entry.status().name());
			}
			else {
				keep(entry, keptBecause);
			}
		}

		private void keep(HeartbeatEntry entry, String reason) {
			this.kept.add(new SkippedFile(entry.file(), reason), reason);
		}

	}

}
