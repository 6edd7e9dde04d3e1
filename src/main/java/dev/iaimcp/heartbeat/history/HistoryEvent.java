package dev.iaimcp.heartbeat.history;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.presence.PresenceState;

/**
 * One thing that happened. Which fields are set depends on the {@code kind}; unset ones
 * are left out of the JSON.
 *
 * @param at when it happened
 * @param kind what happened
 * @param from the state before, for {@link HistoryKind#PRESENCE_CHANGED}
 * @param to the state after, for {@link HistoryKind#PRESENCE_CHANGED}
 * @param pid the wrapper's pid, for wrapper and file events
 * @param uuid the wrapper's uuid, for wrapper and file events
 * @param file the heartbeat file's name, for wrapper and file events
 * @param reason why it departed or was cleaned up
 * @param detail a few words more for a person (which scan, how long it was here),
 * {@code null} when there is nothing to add
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(Instant at, HistoryKind kind, @Nullable PresenceState from, @Nullable PresenceState to,
		@Nullable Long pid, @Nullable String uuid, @Nullable String file, @Nullable DepartureReason reason,
		@Nullable String detail) {

	public HistoryEvent {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(kind, "kind");
	}

	public static HistoryEvent serviceStarted(Instant at) {
		return serviceStarted(at, null);
	}

	public static HistoryEvent serviceStarted(Instant at, @Nullable String detail) {
		return new HistoryEvent(at, HistoryKind.SERVICE_STARTED, null, null, null, null, null, null, detail);
	}

	public static HistoryEvent serviceStopped(Instant at) {
		return new HistoryEvent(at, HistoryKind.SERVICE_STOPPED, null, null, null, null, null, null, null);
	}

	public static HistoryEvent presenceChanged(Instant at, PresenceState from, PresenceState to) {
		return presenceChanged(at, from, to, null);
	}

	public static HistoryEvent presenceChanged(Instant at, PresenceState from, PresenceState to,
			@Nullable String detail) {
		return new HistoryEvent(at, HistoryKind.PRESENCE_CHANGED, from, to, null, null, null, null, detail);
	}

	public static HistoryEvent arrived(Instant at, long pid, String uuid, String file) {
		return arrived(at, pid, uuid, file, null);
	}

	public static HistoryEvent arrived(Instant at, long pid, String uuid, String file, @Nullable String detail) {
		return new HistoryEvent(at, HistoryKind.WRAPPER_ARRIVED, null, null, pid, uuid, file, null, detail);
	}

	public static HistoryEvent departed(Instant at, long pid, String uuid, String file, DepartureReason reason,
			@Nullable String detail) {
		return new HistoryEvent(at, HistoryKind.WRAPPER_DEPARTED, null, null, pid, uuid, file, reason, detail);
	}

	/**
	 * A file deleted by a cleanup.
	 * @param at when
	 * @param pid the pid its name or content gave
	 * @param uuid the writer's uuid, {@code null} for a staging file
	 * @param file the file's name
	 * @param detail which scan deleted it and why
	 * @return the event
	 */
	public static HistoryEvent cleanedUp(Instant at, long pid, @Nullable String uuid, String file, String detail) {
		return new HistoryEvent(at, HistoryKind.FILE_CLEANED_UP, null, null, pid, uuid, file,
				DepartureReason.CLEANED_UP, detail);
	}

	public static HistoryEvent omitted(Instant at, String detail) {
		return new HistoryEvent(at, HistoryKind.EVENTS_OMITTED, null, null, null, null, null, null, detail);
	}

}
