package dev.iaimcp.heartbeat.scan;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reads the writers' ISO-8601 timestamps,
 * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]][offset]}: {@code toISOString()} output with
 * milliseconds and {@code Z}, numeric offsets ({@code +02:00}, {@code +0200},
 * {@code +02}, {@code -05:30:15}), or no zone at all (which means UTC). Like Python's
 * {@code fromisoformat}, a space may stand for the {@code T}, a comma for the decimal
 * point, and digits past nanoseconds are dropped.
 * <p>
 * Hand-written because {@code DateTimeFormatter} resolves fields through hash maps and
 * cost more than the rest of reading a heartbeat together.
 */
final class Timestamps {

	private Timestamps() {
	}

	static Optional<Instant> parse(String text) {
		try {
			return Optional.of(new Cursor(text).instant());
		}
		catch (DateTimeException | IndexOutOfBoundsException ex) {
			return Optional.empty();
		}
	}

	private static final class Cursor {

		private final String text;

		private int position;

		Cursor(String text) {
			this.text = text;
		}

		Instant instant() {
			int year = digits(4);
			expect('-');
			int month = digits(2);
			expect('-');
			int day = digits(2);
			if (!next(' ')) {
				expectIgnoringCase('T');
			}
			int hour = digits(2);
			expect(':');
			int minute = digits(2);
			int second = 0;
			int nanos = 0;
			if (next(':')) {
				second = digits(2);
				if (next('.') || next(',')) {
					nanos = fraction();
				}
			}
			LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
			ZoneOffset offset = offset();
			if (this.position != this.text.length()) {
				throw new DateTimeException("Unexpected text after the timestamp");
			}
			return local.toInstant(offset);
		}

		private ZoneOffset offset() {
			if (this.position == this.text.length()) {
				return ZoneOffset.UTC;
			}
			if (nextIgnoringCase('Z')) {
				return ZoneOffset.UTC;
			}
			int sign = 1;
			if (!next('+')) {
				expect('-');
				sign = -1;
			}
			int hours = digits(2);
			if (this.position == this.text.length()) {
				return ZoneOffset.ofHours(sign * hours);
			}
			boolean extended = next(':');
			int minutes = digits(2);
			int seconds = (extended && next(':')) ? digits(2) : 0;
			return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
		}

		private int fraction() {
			int start = this.position;
			int nanos = 0;
			while (this.position < this.text.length() && isDigit(this.text.charAt(this.position))) {
				if (this.position - start < 9) {
					nanos = nanos * 10 + (this.text.charAt(this.position) - '0');
				}
				this.position++;
			}
			int count = this.position - start;
			if (count == 0) {
				throw new DateTimeException("Empty fraction");
			}
			for (int i = count; i < 9; i++) {
				nanos *= 10;
			}
			return nanos;
		}

		private int digits(int count) {
			int value = 0;
			for (int i = 0; i < count; i++) {
				char c = this.text.charAt(this.position++);
				if (!isDigit(c)) {
					throw new DateTimeException("Expected a digit");
				}
				value = value * 10 + (c - '0');
			}
			return value;
		}

		private boolean next(char expected) {
			if (this.position < this.text.length() && this.text.charAt(this.position) == expected) {
				this.position++;
				return true;
			}
			return false;
		}

		private boolean nextIgnoringCase(char expected) {
			return next(expected) || next(Character.toLowerCase(expected));
		}

		private void expect(char expected) {
			if (!next(expected)) {
				throw new DateTimeException("Expected '" + expected + "'");
			}
		}

		private void expectIgnoringCase(char expected) {
			if (!nextIgnoringCase(expected)) {
				throw new DateTimeException("Expected '" + expected + "'");
			}
		}

		private static boolean isDigit(char c) {
			return c >= '0' && c <= '9';
		}

	}

}
