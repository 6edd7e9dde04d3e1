package dev.iaimcp.heartbeat.verify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * When the service's next tick comes, as its own answers tell: the tick runs its interval
 * ({@code /actuator/info}) after the previous one ended, and a snapshot from a tick
 * carries when that tick's cleanup ended ({@code cleanup.at} in
 * {@code /actuator/presence}). Without such a snapshot, only a bound is known: within one
 * interval.
 *
 * @param at when the tick is expected or, when not known, the latest it comes
 * @param known whether {@code at} is the expected time rather than only a bound
 */
record NextTick(Instant at, boolean known) {

	private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

	/**
	 * The first tick that starts at or after {@code since}.
	 * @param since when something happened that only a tick acts on
	 * @param interval the service's tick interval
	 * @param lastTickEnded when a tick was last seen to end, {@code null} if none was
	 * @return the tick
	 */
	static NextTick after(Instant since, Duration interval, @Nullable Instant lastTickEnded) {
		if (lastTickEnded == null) {
			return new NextTick(since.plus(interval), false);
		}
		Instant next = lastTickEnded.plus(interval);
		if (next.isBefore(since)) {
			// Ticks came that verify did not see (a rescan replaced their snapshot):
			// count
			// them on.
			long intervalNanos = Math.max(1, interval.toNanos());
			long missed = (Duration.between(next, since).toNanos() + intervalNanos - 1) / intervalNanos;
			next = next.plus(interval.multipliedBy(missed));
		}
		return new NextTick(next, true);
	}

	/**
	 * How to wait for what this tick does, within the run's deadline.
	 * @param deadline when the run must end
	 * @param margin how late the tick's work may come on a slow, loaded machine
	 * @return the plan
	 */
	Plan plan(Instant deadline, Duration margin) {
		if (this.at.isAfter(deadline)) {
			// Only a bound: the tick may come any moment, so the rest of the run is spent
			// on it.
			return this.known ? new Plan(null, false) : new Plan(deadline, false);
		}
		Instant latest = this.at.plus(margin);
		return latest.isAfter(deadline) ? new Plan(deadline, false) : new Plan(latest, true);
	}

	/**
	 * The tick, for a person.
	 * @param now the time now
	 * @param zone the person's time zone
	 * @return {@code the next tick at ~HH:MM:SS (in N s)}, or when only a bound is known
	 * {@code the next tick, by ~HH:MM:SS (within N s),}
	 */
	String describe(Instant now, ZoneId zone) {
		String time = HH_MM_SS.format(this.at.atZone(zone));
		long seconds = Math.max(0, Duration.between(now, this.at).toSeconds());
		return this.known ? "the next tick at ~%s (in %d s)".formatted(time, seconds)
				: "the next tick, by ~%s (within %d s),".formatted(time, seconds);
	}

	/**
	 * How long to wait for the tick's work.
	 *
	 * @param until when to stop waiting, {@code null} for not at all: the tick comes
	 * after the deadline
	 * @param missingItFails whether the work not done by then is a failure (the tick and
	 * its margin fit in the run) rather than pending
	 */
	record Plan(@Nullable Instant until, boolean missingItFails) {

	}

}
