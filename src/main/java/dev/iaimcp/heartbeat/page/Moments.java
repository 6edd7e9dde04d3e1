package dev.iaimcp.heartbeat.page;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times and durations as a person reads them on a clock in their own time zone: a time of
 * today alone, one of yesterday so named, older ones with their date. The page's script
 * words them alike.
 *
 * @param now the moment the page is rendered
 * @param zone the reader's time zone (the machine's: the page is for this machine)
 */
record Moments(Instant now, ZoneId zone) {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

	/**
	 * A time to the minute: {@code 09:12}, {@code yesterday 23:10}, {@code 2 May 23:10}.
	 * @param at the moment
	 * @return the words
	 */
	String time(Instant at) {
		return dayOf(at) + MINUTES.format(at.atZone(this.zone));
	}

	/**
	 * A time to the second, for events close together.
	 * @param at the moment
	 * @return the words
	 */
	String preciseTime(Instant at) {
		return dayOf(at) + SECONDS.format(at.atZone(this.zone));
	}

	/**
	 * How long ago a moment was.
	 * @param since the moment
	 * @return the words, as {@link #duration(Duration)}
	 */
	String durationSince(Instant since) {
		return duration(Duration.between(since, this.now));
	}

	/**
	 * A duration in its largest two units: {@code 42 min}, {@code 3 h 5 min},
	 * {@code 2 days 4 h}.
	 * @param duration the duration, never shown below a minute
	 * @return the words
	 */
	static String duration(Duration duration) {
		long minutes = Math.max(0, duration.toMinutes());
		if (minutes < 1) {
			return "less than a minute";
		}
		if (minutes < 60) {
			return minutes + " min";
		}
		long hours = minutes / 60;
		if (hours < 48) {
			return join(hours + " h", minutes % 60, " min");
		}
		return join(hours / 24 + " days", hours % 24, " h");
	}

	private static String join(String larger, long smaller, String unit) {
		return (smaller == 0) ? larger : larger + " " + smaller + unit;
	}

	private String dayOf(Instant at) {
		ZonedDateTime then = at.atZone(this.zone);
		LocalDate today = this.now.atZone(this.zone).toLocalDate();
		if (then.toLocalDate().equals(today)) {
			return "";
		}
		if (then.toLocalDate().equals(today.minusDays(1))) {
			return "yesterday ";
		}
		return DATE.format(then) + " ";
	}

}
