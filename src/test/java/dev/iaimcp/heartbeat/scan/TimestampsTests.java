package dev.iaimcp.heartbeat.scan;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTests {

	@ParameterizedTest
	@CsvSource({ "2026-05-02T15:14:30.123Z, 2026-05-02T15:14:30.123Z", "2026-05-02T15:14:30Z, 2026-05-02T15:14:30Z",
			"2026-05-02t15:14:30z, 2026-05-02T15:14:30Z", "2026-05-02T15:14:30, 2026-05-02T15:14:30Z",
			"2026-05-02T15:14, 2026-05-02T15:14:00Z", "2026-05-02 15:14:30, 2026-05-02T15:14:30Z",
			"2026-05-02T17:14:30+02:00, 2026-05-02T15:14:30Z", "2026-05-02T17:14:30+0200, 2026-05-02T15:14:30Z",
			"2026-05-02T17:14:30+02, 2026-05-02T15:14:30Z", "2026-05-02T10:14:30.5-05:00, 2026-05-02T15:14:30.5Z",
			"2026-05-02T15:14:45+00:00:15, 2026-05-02T15:14:30Z",
			"2026-05-02T15:14:30.123456789Z, 2026-05-02T15:14:30.123456789Z",
			"2026-05-02T15:14:30.1234567891Z, 2026-05-02T15:14:30.123456789Z",
			"'2026-05-02T15:14:30,25Z', 2026-05-02T15:14:30.25Z", "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z" })
	void writersFormatsAreRead(String text, Instant expected) {
		assertThat(Timestamps.parse(text)).contains(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "yesterday", "2026-05-02", "2026-05-02T", "2026-05-02T15", "2026-13-02T15:14:30Z",
			"2026-02-30T15:14:30Z", "2026-05-02T24:00:00Z", "2026-05-02T15:14:60Z", "2026-05-02T15:14:30.Z",
			"2026-05-02T15:14:30Zjunk", "2026-05-02T15:14:30+25:00", "2026-05-02T15:14:30+2", "2026-05-02T15:14:30 ",
			"20260502T151430Z", "+2026-05-02T15:14:30Z", "2026-5-2T15:14:30Z", "２０２６-05-02T15:14:30Z" })
	void anythingElseIsNotATimestamp(String text) {
		assertThat(Timestamps.parse(text)).isEmpty();
	}

}
