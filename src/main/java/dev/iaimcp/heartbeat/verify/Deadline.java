package dev.iaimcp.heartbeat.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The one deadline of a run, set by {@code --wait}: every wait takes at most what is left
 * of it. Kept on the monotonic clock, so that a wall clock set back cannot stretch a run;
 * told on the wall clock, to compare with the service's times and to name to a person.
 */
final class Deadline {

	private final Duration budget;

	private final Clock clock;

	private final LongSupplier nanoTime;

	private final long endNanos;

	private Deadline(Duration budget, Clock clock, LongSupplier nanoTime) {
		this.budget = budget;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.endNanos = nanoTime.getAsLong() + budget.toNanos();
	}

	/**
	 * A deadline on the system's clocks, starting now.
	 * @param budget how long the run may take
	 * @return the deadline
	 */
	static Deadline in(Duration budget) {
		return in(budget, Clock.systemDefaultZone(), System::nanoTime);
	}

	/**
	 * A deadline on the given clocks, starting now.
	 * @param budget how long the run may take
	 * @param clock the wall clock, whose zone names times to a person
	 * @param nanoTime the monotonic clock, as {@link System#nanoTime()}
	 * @return the deadline
	 */
	static Deadline in(Duration budget, Clock clock, LongSupplier nanoTime) {
		return new Deadline(budget, clock, nanoTime);
	}

	/**
	 * How long the whole run was given.
	 * @return the {@code --wait}
	 */
	Duration budget() {
		return this.budget;
	}

	/**
	 * What is left.
	 * @return the time until the deadline, zero once it has passed
	 */
	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.endNanos - nanoTime()));
	}

	boolean passed() {
		return nanoTime() >= this.endNanos;
	}

	/**
	 * The monotonic time at which a wait of {@code bound} from now must end: the bound
	 * itself, or the deadline if that comes first.
	 * @param bound how long the wait may last, nothing when negative
	 * @return the monotonic time, as {@link #nanoTime()} reads it
	 */
	long endOfWait(Duration bound) {
		long now = nanoTime();
		return now + Math.max(0, Math.min(bound.toNanos(), this.endNanos - now));
	}

	/**
	 * When the deadline is, on the wall clock.
	 * @return the wall-clock time at which the run must end
	 */
	Instant endsAt() {
		return now().plus(remaining());
	}

	Instant now() {
		return this.clock.instant();
	}

	long nanoTime() {
		return this.nanoTime.getAsLong();
	}

	Clock clock() {
		return this.clock;
	}

}
