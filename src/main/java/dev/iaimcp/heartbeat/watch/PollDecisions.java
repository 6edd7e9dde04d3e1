package dev.iaimcp.heartbeat.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Decides, poll by poll, when a polled directory has changed enough to rescan it: once a
 * poll finds its stamp as the previous poll left it (a burst is over), at most a maximum
 * delay after the first change (a burst that never ends), and once more after a stamp that
 * a change could have hidden behind has settled. Not thread-safe: one poller feeds it.
 */
final class PollDecisions {

	private final Duration maxDelay;

	private @Nullable DirectoryStamp last;

	/** Monotonic time of the first change not yet rescanned for, or null when there is none. */
	private @Nullable Long pendingSinceNanos;

	/** When a stamp that could hide a change will have settled, or null. */
	private @Nullable Instant confirmAt;

	PollDecisions(Duration maxDelay) {
		this.maxDelay = Objects.requireNonNull(maxDelay, "'maxDelay' must not be null");
	}

	/**
	 * Takes in one poll.
	 * @param stamp what the poll read
	 * @param readAt the wall time it was read at, on the clock the file system stamps with
	 * @param nanos the monotonic time it was read at
	 * @return whether to rescan now
	 */
	boolean rescanAfter(DirectoryStamp stamp, Instant readAt, long nanos) {
		if (this.last == null) {
			this.last = stamp;
			this.confirmAt = confirmationFor(stamp, readAt);
			return false;
		}
		if (!stamp.equals(this.last)) {
			this.last = stamp;
			if (this.pendingSinceNanos == null) {
				this.pendingSinceNanos = nanos;
			}
			return nanos - this.pendingSinceNanos >= this.maxDelay.toNanos() && rescan(readAt);
		}
		if (this.pendingSinceNanos != null || (this.confirmAt != null && !readAt.isBefore(this.confirmAt))) {
			return rescan(readAt);
		}
		return false;
	}

	// The rescan reads the directory as the last stamp shows it, so only that stamp can
	// hide a later change.
	private boolean rescan(Instant readAt) {
		this.pendingSinceNanos = null;
		this.confirmAt = confirmationFor(this.last, readAt);
		return true;
	}

	private static @Nullable Instant confirmationFor(DirectoryStamp stamp, Instant readAt) {
		return stamp.couldHideAChange(readAt) ? stamp.settledAt() : null;
	}

}
