package dev.iaimcp.heartbeat.scan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the writers' ISO-8601 timestamps: {@code toISOString()} output with milliseconds
 * and {@code Z}, numeric offsets, or no zone at all (which means UTC).
 */
final class Timestamps {

	private static final DateTimeFormatter ISO_WITH_OPTIONAL_OFFSET = new DateTimeFormatterBuilder()
		.parseCaseInsensitive()
		.append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
		.optionalStart()
		.appendOffset("+HH:MM:ss", "Z")
		.optionalEnd()
		.toFormatter(Locale.ROOT);

	private Timestamps() {
	}

	static Optional<Instant> parse(String text) {
		try {
			TemporalAccessor parsed = ISO_WITH_OPTIONAL_OFFSET.parseBest(text, OffsetDateTime::from,
					LocalDateTime::from);
			if (parsed instanceof OffsetDateTime offsetDateTime) {
				return Optional.of(offsetDateTime.toInstant());
			}
			return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
