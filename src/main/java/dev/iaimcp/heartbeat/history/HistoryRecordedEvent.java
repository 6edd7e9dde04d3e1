package dev.iaimcp.heartbeat.history;

import java.util.List;

/**
 * Published when events were added to the history, one batch per scan that saw something
 * happen.
 *
 * @param events the events, oldest first
 */
public record HistoryRecordedEvent(List<HistoryEvent> events) {

	public HistoryRecordedEvent {
		events = List.copyOf(events);
	}

}
