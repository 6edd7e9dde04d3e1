package dev.iaimcp.heartbeat.page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.history.HistoryKind;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceState;

/**
 * The last {@link #WINDOW} as bands of presence states and marks where wrappers came and
 * went. A band runs from one presence change to the next; while the service was not
 * running there is none, as nothing was known.
 *
 * @param start where the window begins
 * @param end where it ends: now
 * @param bands the states, oldest first
 * @param marks arrivals, departures and cleanups, oldest first
 */
record Timeline(Instant start, Instant end, List<Band> bands, List<HistoryEvent> marks) {

	static final Duration WINDOW = Duration.ofHours(24);

	/**
	 * The timeline up to now.
	 * @param events the history kept, oldest first
	 * @param snapshot the latest snapshot, whose state runs on to now
	 * @param now the end of the window
	 * @return the timeline
	 */
	static Timeline of(List<HistoryEvent> events, PresenceSnapshot snapshot, Instant now) {
		Instant start = now.minus(WINDOW);
		Builder builder = new Builder(start, initialState(events, snapshot, start));
		events.stream().filter((event) -> !event.at().isBefore(start)).forEach(builder::add);
		builder.runOnTo(snapshot, now);
		return new Timeline(start, now, builder.bands, builder.marks);
	}

	// What held when the window began: what the last change before it changed to; else
	// what the first change in it changed from, unless the service started or stopped
	// before; with no change at all, the state now, if it began before.
	private static @Nullable PresenceState initialState(List<HistoryEvent> events, PresenceSnapshot snapshot,
			Instant start) {
		HistoryEvent lastBefore = null;
		for (HistoryEvent event : events) {
			if (!event.at().isBefore(start)) {
				break;
			}
			if (changesState(event)) {
				lastBefore = event;
			}
		}
		if (lastBefore != null) {
			return lastBefore.to();
		}
		HistoryEvent firstInWindow = events.stream()
			.filter((event) -> !event.at().isBefore(start) && changesState(event))
			.findFirst()
			.orElse(null);
		if (firstInWindow != null) {
			return firstInWindow.from();
		}
		return snapshot.since().isAfter(start) ? null : snapshot.state();
	}

	// A service start or stop ends what was known: its from and to are null.
	private static boolean changesState(HistoryEvent event) {
		return event.kind() == HistoryKind.PRESENCE_CHANGED || event.kind() == HistoryKind.SERVICE_STARTED
				|| event.kind() == HistoryKind.SERVICE_STOPPED;
	}

	/**
	 * One stretch of a presence state.
	 *
	 * @param start when it began
	 * @param end when it ended, or now
	 * @param state the state
	 */
	record Band(Instant start, Instant end, PresenceState state) {

	}

	private static final class Builder {

		private final List<Band> bands = new ArrayList<>();

		private final List<HistoryEvent> marks = new ArrayList<>();

		private @Nullable PresenceState state;

		private Instant since;

		// Since when the state is known: the window's start, or the service's last start
		// or stop in it.
		private Instant knownFrom;

		Builder(Instant start, @Nullable PresenceState initial) {
			this.state = initial;
			this.since = start;
			this.knownFrom = start;
		}

		void add(HistoryEvent event) {
			switch (event.kind()) {
				case PRESENCE_CHANGED -> switchTo(event.at(), event.to());
				case SERVICE_STARTED, SERVICE_STOPPED -> {
					switchTo(event.at(), null);
					this.knownFrom = event.at();
				}
				case WRAPPER_ARRIVED, WRAPPER_DEPARTED, FILE_CLEANED_UP -> this.marks.add(event);
				default -> {
					// Only listed.
				}
			}
		}

		// The state now runs on from the last change; one the history missed (a service
		// that resumed a remembered state) from when it began, or since it is known.
		void runOnTo(PresenceSnapshot snapshot, Instant now) {
			if (this.state != snapshot.state()) {
				Instant from = latest(snapshot.since(), this.knownFrom);
				switchTo((this.state != null) ? latest(from, this.since) : from, snapshot.state());
			}
			switchTo(now, null);
		}

		private void switchTo(Instant at, @Nullable PresenceState next) {
			if (this.state != null && this.state != PresenceState.UNKNOWN && at.isAfter(this.since)) {
				this.bands.add(new Band(this.since, at, this.state));
			}
			this.state = next;
			this.since = at;
		}

		private static Instant latest(Instant a, Instant b) {
			return b.isAfter(a) ? b : a;
		}

	}

}
