package dev.iaimcp.heartbeat.history;

import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history kept in memory: bounded, newest kept, read oldest first.
 */
class PresenceHistoryTests {

	private static final Instant T0 = Instant.parse("2026-12-06T16:00:00Z");

	private final PresenceHistory history = new PresenceHistory();

	@Test
	void theOldestAreDroppedBeyondTheCapacity() {
		IntStream.range(0, PresenceHistory.CAPACITY + 5).forEach((second) -> this.history.record(startedAt(second)));
		assertThat(this.history.size()).isEqualTo(PresenceHistory.CAPACITY);
		assertThat(this.history.events(null, 1)).extracting(HistoryEvent::at)
			.containsExactly(T0.plusSeconds(PresenceHistory.CAPACITY + 4));
		assertThat(this.history.events(null, PresenceHistory.CAPACITY).get(0).at()).isEqualTo(T0.plusSeconds(5));
	}

	@Test
	void aLimitKeepsTheNewestOldestFirst() {
		IntStream.range(0, 10).forEach((second) -> this.history.record(startedAt(second)));
		assertThat(this.history.events(null, 3)).extracting(HistoryEvent::at)
			.containsExactly(T0.plusSeconds(7), T0.plusSeconds(8), T0.plusSeconds(9));
	}

	@Test
	void sinceKeepsWhatHappenedAtOrAfterIt() {
		IntStream.range(0, 10).forEach((second) -> this.history.record(startedAt(second)));
		assertThat(this.history.events(T0.plusSeconds(8), 100)).extracting(HistoryEvent::at)
			.containsExactly(T0.plusSeconds(8), T0.plusSeconds(9));
	}

	@Test
	void anEventDatedEarlierByAClockStepHidesNoneBeforeIt() {
		this.history.record(startedAt(10));
		this.history.record(startedAt(20));
		this.history.record(startedAt(5));
		assertThat(this.history.events(T0.plusSeconds(10), 100)).extracting(HistoryEvent::at)
			.containsExactly(T0.plusSeconds(10), T0.plusSeconds(20));
	}

	private static HistoryEvent startedAt(int second) {
		return HistoryEvent.serviceStarted(T0.plusSeconds(second));
	}

}
