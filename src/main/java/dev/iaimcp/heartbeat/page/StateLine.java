package dev.iaimcp.heartbeat.page;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceState;

/**
 * The presence state in one line a person understands, and what it means for the memory
 * daemon. The page's script says the same from each snapshot the stream sends.
 *
 * @param headline the state, how long, and since when
 * @param meaning what the daemon does about it
 */
record StateLine(String headline, String meaning) {

	static StateLine of(PresenceSnapshot snapshot, Moments moments) {
		return new StateLine(headline(snapshot, moments), meaning(snapshot.state()));
	}

	private static String headline(PresenceSnapshot snapshot, Moments moments) {
		return switch (snapshot.state()) {
			case UNKNOWN -> "Starting: first scan not finished";
			case ACTIVE -> "Active: " + wrappers(snapshot.fresh()) + ", since " + moments.time(snapshot.since());
			case ABSENT, DROWSY, IDLE -> name(snapshot.state()) + " for " + moments.durationSince(snapshot.since())
					+ ", " + lastSeen(snapshot.lastFreshAt(), moments);
		};
	}

	static String name(PresenceState state) {
		String name = state.name();
		return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
	}

	private static String wrappers(int fresh) {
		return (fresh == 1) ? "1 wrapper" : fresh + " wrappers";
	}

	private static String lastSeen(@Nullable Instant lastFreshAt, Moments moments) {
		return (lastFreshAt != null) ? "no wrapper since " + moments.time(lastFreshAt) : "no wrapper seen yet";
	}

	private static String meaning(PresenceState state) {
		return switch (state) {
			case UNKNOWN -> "The service has just started and is reading the wrappers directory.";
			case ACTIVE -> "Someone is working with an AI client: the memory daemon stays awake.";
			case ABSENT -> "No wrapper is refreshing its heartbeat; it may be a short break.";
			case DROWSY -> "Nobody for a while; sleep comes once the idle window has passed.";
			case IDLE -> "Nobody for the whole idle window: the memory daemon may consolidate now.";
		};
	}

}
