package dev.iaimcp.heartbeat.runner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the machine slept, the process was stopped, or the wall clock jumped, and
 * then holds back deletions that depend on wall time until the wrappers, frozen just like
 * this service, have had one stale threshold to refresh.
 * <p>
 * A tick that starts later than its fixed delay means this process did not run; wall time
 * that moved differently from the monotonic clock (which stops while the machine sleeps)
 * means the wall clock cannot be trusted for that stretch. Either counts once it is more
 * than a quarter of the stale threshold (at most {@link #MAX_TOLERANCE}): a wrapper that
 * refreshes well within the threshold and was frozen along with this service for longer
 * than the rest of it would otherwise be judged STALE at the first tick after.
 */
class SuspendGuard {

	static final Duration MAX_TOLERANCE = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(SuspendGuard.class);

	private final Clock clock;

	private final LongSupplier monotonicNanos;

	private final Duration tickInterval;

	private final Duration grace;

	private final Duration tolerance;

	private @Nullable Instant lastTickEndedAt;

	private long lastTickEndedNanos;

	private @Nullable Instant holdUntil;

	SuspendGuard(Clock clock, LongSupplier monotonicNanos, Duration tickInterval, Duration grace) {
		this.clock = clock;
		this.monotonicNanos = monotonicNanos;
		this.tickInterval = tickInterval;
		this.grace = grace;
		Duration quarter = grace.dividedBy(4);
		this.tolerance = (quarter.compareTo(MAX_TOLERANCE) < 0) ? quarter : MAX_TOLERANCE;
	}

	void tickStarting() {
		Instant now = this.clock.instant();
		if (this.lastTickEndedAt != null) {
			Duration monotonic = Duration.ofNanos(this.monotonicNanos.getAsLong() - this.lastTickEndedNanos);
			Duration wall = Duration.between(this.lastTickEndedAt, now);
			Duration late = monotonic.minus(this.tickInterval);
			Duration jump = wall.minus(monotonic).abs();
			if (late.compareTo(this.tolerance) > 0 || jump.compareTo(this.tolerance) > 0) {
				this.holdUntil = now.plus(this.grace);
				logger.warn("The tick ran {} s late and the wall clock moved {} s more than the monotonic clock "
						+ "(sleep, stop or clock change): keeping STALE heartbeats until {} so wrappers can refresh",
						seconds(late), seconds(wall.minus(monotonic)), this.holdUntil);
			}
		}
	}

	void tickEnded() {
		this.lastTickEndedAt = this.clock.instant();
		this.lastTickEndedNanos = this.monotonicNanos.getAsLong();
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
	}

	/**
	 * Until when deletions that depend on wall time wait.
	 * @param now the time of the scan that would delete
	 * @return the end of the hold, or {@code null} when there is none
	 */
	@Nullable Instant holdingUntil(Instant now) {
		Instant holdUntil = this.holdUntil;
		return (holdUntil != null && now.isBefore(holdUntil)) ? holdUntil : null;
	}

}
