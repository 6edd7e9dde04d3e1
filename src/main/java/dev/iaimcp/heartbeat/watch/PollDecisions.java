package dev.iaimcp.heartbeat.watch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Decides, poll by poll, when a polled directory has changed: as soon as its stamp
 * differs from the previous poll's, and once more after a stamp that a change could have
 * hidden behind has settled. A stream of changes costs at most one rescan per poll. Not
 * thread-safe: one poller feeds it.
 */
final class PollDecisions {

	private @Nullable DirectoryStamp last;

	/** When a stamp that could hide a change will have settled, or null. */
	private @Nullable Instant confirmAt;

	/**
	 * Takes in one poll.
	 * @param stamp what the poll read
	 * @param readAt the wall time it was read at, on the clock the file system stamps
	 * with
	 * @return whether to rescan now
	 */
	boolean rescanAfter(DirectoryStamp stamp, Instant readAt) {
		boolean first = this.last == null;
		boolean changed = !first && !stamp.equals(this.last);
		boolean settled = this.confirmAt != null && !readAt.isBefore(this.confirmAt);
		this.last = stamp;
		if (first || changed || settled) {
			// The rescan reads the directory as this stamp shows it, so only this stamp
			// can hide a later change.
			this.confirmAt = stamp.couldHideAChange(readAt) ? stamp.settledAt() : null;
		}
		return changed || settled;
	}

}
