package dev.iaimcp.heartbeat.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One deadline for the whole run: every wait takes what is left of it.
 */
class DeadlineTests {

	private static final Instant START = Instant.parse("2026-05-02T14:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final Deadline deadline = Deadline.in(Duration.ofSeconds(20), this.clock, this.nanos::get);

	@Test
	void whatIsLeftShrinksAsTimeGoesAndStopsAtZero() {
		elapse(Duration.ofSeconds(15));
		assertThat(this.deadline.remaining()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.deadline.passed()).isFalse();
		elapse(Duration.ofSeconds(6));
		assertThat(this.deadline.remaining()).isZero();
		assertThat(this.deadline.passed()).isTrue();
	}

	@Test
	void aWaitEndsAtItsBoundOrAtTheDeadlineWhicheverComesFirst() {
		elapse(Duration.ofSeconds(12));
		long now = this.nanos.get();
		assertThat(this.deadline.endOfWait(Duration.ofSeconds(3))).isEqualTo(now + Duration.ofSeconds(3).toNanos());
		assertThat(this.deadline.endOfWait(Duration.ofHours(1))).isEqualTo(now + Duration.ofSeconds(8).toNanos());
		assertThat(this.deadline.endOfWait(Duration.ofSeconds(-5))).isEqualTo(now);
	}

	@Test
	void theWallClockSetBackDoesNotStretchTheRun() {
		elapse(Duration.ofSeconds(5));
		this.clock.set(START.minus(Duration.ofHours(1)));
		assertThat(this.deadline.remaining()).isEqualTo(Duration.ofSeconds(15));
		assertThat(this.deadline.endsAt()).isEqualTo(START.minus(Duration.ofHours(1)).plusSeconds(15));
	}

	private void elapse(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
		this.clock.advance(duration);
	}

}
