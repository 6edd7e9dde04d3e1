package dev.iaimcp.heartbeat.page;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.history.DepartureReason;
import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.presence.PresenceState;

/**
 * One history event in plain words: {@code pid 4242 ended (process ended)}. The page's
 * script words the events the stream sends alike.
 */
final class EventWords {

	private static final String SINCE = "since ";

	private EventWords() {
	}

	static String of(HistoryEvent event, Moments moments) {
		return what(event) + detail(event.detail(), moments);
	}

	// A kind this page does not know yet is still named.
	private static String what(HistoryEvent event) {
		return switch (event.kind()) {
			case SERVICE_STARTED -> "Service started";
			case SERVICE_STOPPED -> "Service stopped";
			case PRESENCE_CHANGED -> "Presence " + state(event.from()) + " \u2192 " + state(event.to());
			case WRAPPER_ARRIVED -> "pid " + event.pid() + " arrived";
			case WRAPPER_DEPARTED -> "pid " + event.pid() + " " + departure(event.reason());
			case FILE_CLEANED_UP -> "pid " + event.pid() + "'s file cleaned up";
			default -> capitalized(event.kind().name().replace('_', ' '));
		};
	}

	private static String capitalized(String words) {
		return words.charAt(0) + words.substring(1).toLowerCase(Locale.ROOT);
	}

	static String departure(@Nullable DepartureReason reason) {
		if (reason == null) {
			return "left";
		}
		return switch (reason) {
			case FILE_REMOVED -> "ended (removed its own file: a clean exit)";
			case PROCESS_ENDED -> "ended (process ended)";
			case WENT_STALE -> "went silent (stopped refreshing: stopped, suspended or hung)";
			case PID_REUSED -> "ended (its pid now belongs to another process)";
			case CLEANED_UP -> "left (its file was cleaned up)";
		};
	}

	private static String state(@Nullable PresenceState state) {
		return (state != null) ? state.name().toLowerCase(Locale.ROOT) : "?";
	}

	private static String detail(@Nullable String detail, Moments moments) {
		if (detail == null || detail.isBlank()) {
			return "";
		}
		return " \u2014 " + readable(detail, moments);
	}

	// The history says when a state began as an instant ("since 2026-12-06T17:51:09Z"),
	// exact for a program; a person reads the local time.
	private static String readable(String detail, Moments moments) {
		if (detail.startsWith(SINCE)) {
			try {
				return SINCE + moments.preciseTime(Instant.parse(detail.substring(SINCE.length())));
			}
			catch (DateTimeParseException ex) {
				return detail;
			}
		}
		return detail;
	}

}
