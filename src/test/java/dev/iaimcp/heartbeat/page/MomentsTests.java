package dev.iaimcp.heartbeat.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MomentsTests {

	private static final Moments MOMENTS = new Moments(Instant.parse("2026-05-02T10:00:00Z"),
			ZoneId.of("Europe/Berlin"));

	@ParameterizedTest
	@CsvSource({ "2026-05-02T07:12:30Z, 09:12, 09:12:30", "2026-05-01T21:10:05Z, yesterday 23:10, yesterday 23:10:05",
			"2026-05-01T22:00:00Z, 00:00, 00:00:00", "2026-04-29T21:10:00Z, 29 Apr 23:10, 29 Apr 23:10:00" })
	void aTimeIsReadOnTheReadersClockWithItsDayWhenNotToday(Instant at, String minutes, String seconds) {
		assertThat(MOMENTS.time(at)).isEqualTo(minutes);
		assertThat(MOMENTS.preciseTime(at)).isEqualTo(seconds);
	}

	@ParameterizedTest
	@CsvSource({ "PT59S, less than a minute", "PT1M, 1 min", "PT42M59S, 42 min", "PT1H, 1 h", "PT3H5M, 3 h 5 min",
			"PT47H59M, 47 h 59 min", "PT48H, 2 days", "PT52H30M, 2 days 4 h", "PT-5M, less than a minute" })
	void aDurationIsGivenInItsLargestTwoUnits(Duration duration, String words) {
		assertThat(Moments.duration(duration)).isEqualTo(words);
	}

}
