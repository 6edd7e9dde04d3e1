package dev.iaimcp.heartbeat.history;

import java.time.Duration;

/**
 * Durations as a person says them: {@code 42 s}, {@code 13 min}, {@code 2 h 13 min},
 * {@code 3 d 4 h}.
 */
final class Durations {

	private Durations() {
	}

	static String inWords(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + " s";
		}
		long minutes = seconds / 60;
		if (minutes < 60) {
			return minutes + " min";
		}
		long hours = minutes / 60;
		if (hours < 24) {
			return hours + " h" + ((minutes % 60 > 0) ? " " + minutes % 60 + " min" : "");
		}
		return hours / 24 + " d" + ((hours % 24 > 0) ? " " + hours % 24 + " h" : "");
	}

}
