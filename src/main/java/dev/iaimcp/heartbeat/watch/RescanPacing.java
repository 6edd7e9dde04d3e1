package dev.iaimcp.heartbeat.watch;

import java.time.Duration;

/**
 * Decides when a native watch rescans. The first change after a quiet spell is rescanned
 * at once (the leading edge); changes that come while that rescan runs, or within a
 * spacing after it ended, share one more rescan when the spacing is up (the trailing
 * edge). Each trailing rescan doubles the spacing, up to a maximum, and a quiet spell as
 * long as the spacing brings it back to the minimum: a lone change is acted on at once,
 * while a storm of writes, or many wrappers refreshing all the time, settles at one
 * rescan per maximum spacing. The spacing counts from a rescan's end, so that even a slow
 * rescan leaves the machine that much rest. Times are monotonic nanoseconds. Not
 * thread-safe: the watching thread alone feeds it.
 */
final class RescanPacing {

	/** What {@link #nanosUntilRescan(long)} answers when no rescan is owed. */
	static final long NONE = -1;

	private final long minSpacing;

	private final long maxSpacing;

	private long spacing;

	private boolean owed;

	private boolean trailing;

	private boolean running;

	private boolean endedOnce;

	private long lastEnded;

	RescanPacing(Duration minSpacing, Duration maxSpacing) {
		if (minSpacing.isNegative() || maxSpacing.compareTo(minSpacing) < 0) {
			throw new IllegalArgumentException("need 0 <= minSpacing <= maxSpacing");
		}
		this.minSpacing = minSpacing.toNanos();
		this.maxSpacing = maxSpacing.toNanos();
		this.spacing = this.minSpacing;
	}

	/**
	 * Takes in a change that a rescan should see.
	 * @param now when it was seen
	 */
	void changed(long now) {
		if (!this.owed) {
			this.owed = true;
			this.trailing = this.running || (this.endedOnce && now - this.lastEnded < this.spacing);
		}
	}

	/**
	 * How long to wait before rescanning.
	 * @param now the time now
	 * @return 0 to rescan now, the nanoseconds until a rescan is due, or {@link #NONE}
	 */
	long nanosUntilRescan(long now) {
		if (!this.owed || this.running) {
			return NONE;
		}
		return this.trailing ? Math.max(0, this.lastEnded + this.spacing - now) : 0;
	}

	/** Takes in that the owed rescan starts: changes from now on owe another. */
	void rescanStarting() {
		this.spacing = this.trailing ? Math.min(this.maxSpacing, Math.max(1, this.spacing) * 2) : this.minSpacing;
		this.owed = false;
		this.running = true;
	}

	/**
	 * Takes in that the rescan ended.
	 * @param now when it ended
	 */
	void rescanEnded(long now) {
		this.running = false;
		this.endedOnce = true;
		this.lastEnded = now;
	}

}
