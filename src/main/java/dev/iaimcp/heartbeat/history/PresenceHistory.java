package dev.iaimcp.heartbeat.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The last {@link #CAPACITY} things that happened, oldest dropped first. Safe to use from
 * any thread.
 */
public class PresenceHistory {

	/** How many events are kept: a few weeks of one person's comings and goings. */
	public static final int CAPACITY = 1000;

	private final ArrayDeque<HistoryEvent> events = new ArrayDeque<>();

	/**
	 * Keeps an event, dropping the oldest when full.
	 * @param event what happened
	 */
	public synchronized void record(HistoryEvent event) {
		if (this.events.size() == CAPACITY) {
			this.events.removeFirst();
		}
		this.events.addLast(event);
	}

	/**
	 * Keeps events read back from somewhere, in their order, as {@link #record} would.
	 * @param restored older events, oldest first
	 */
	public synchronized void restore(Collection<HistoryEvent> restored) {
		restored.forEach(this::record);
	}

	/**
	 * The newest events at or after a moment, oldest first. All kept events are looked
	 * at, so that one dated earlier by a wall-clock step does not hide those before it.
	 * @param since the earliest moment wanted, {@code null} for all kept
	 * @param limit at most this many, the newest of them
	 * @return the events
	 */
	public synchronized List<HistoryEvent> events(@Nullable Instant since, int limit) {
		ArrayDeque<HistoryEvent> newest = new ArrayDeque<>(Math.min(limit, this.events.size()));
		var backwards = this.events.descendingIterator();
		while (backwards.hasNext() && newest.size() < limit) {
			HistoryEvent event = backwards.next();
			if (since == null || !event.at().isBefore(since)) {
				newest.addFirst(event);
			}
		}
		return new ArrayList<>(newest);
	}

	public synchronized int size() {
		return this.events.size();
	}

}
