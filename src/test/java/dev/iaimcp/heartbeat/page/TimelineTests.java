package dev.iaimcp.heartbeat.page;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.page.Timeline.Band;
import dev.iaimcp.heartbeat.presence.PresenceState;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTests {

	private static final Instant NOW = Instant.parse("2026-05-02T10:00:00Z");

	private static final Instant WINDOW_START = Instant.parse("2026-05-01T10:00:00Z");

	@Test
	void theStateBeforeTheFirstChangeFillsTheWindowFromItsStart() {
		Timeline timeline = Timeline.of(
				List.of(HistoryEvent.presenceChanged(at("08:00"), PresenceState.DROWSY, PresenceState.ACTIVE)),
				PresencePageTests.snapshot(PresenceState.ACTIVE, at("08:00"), 1, NOW, List.of()), NOW);
		assertThat(timeline.bands()).containsExactly(new Band(WINDOW_START, at("08:00"), PresenceState.DROWSY),
				new Band(at("08:00"), NOW, PresenceState.ACTIVE));
	}

	@Test
	void theLastChangeBeforeTheWindowSaysWhatHeldAtItsStart() {
		List<HistoryEvent> events = List.of(
				HistoryEvent.presenceChanged(WINDOW_START.minusSeconds(60), PresenceState.ABSENT, PresenceState.IDLE),
				HistoryEvent.arrived(WINDOW_START.minusSeconds(30), 1, "a", "f"),
				HistoryEvent.presenceChanged(at("08:00"), PresenceState.IDLE, PresenceState.ACTIVE));
		Timeline timeline = Timeline.of(events,
				PresencePageTests.snapshot(PresenceState.ACTIVE, at("08:00"), 1, NOW, List.of()), NOW);
		assertThat(timeline.bands()).containsExactly(new Band(WINDOW_START, at("08:00"), PresenceState.IDLE),
				new Band(at("08:00"), NOW, PresenceState.ACTIVE));
		assertThat(timeline.marks()).isEmpty();
	}

	@Test
	void whileTheServiceWasStoppedNothingIsKnown() {
		List<HistoryEvent> events = List.of(HistoryEvent.serviceStopped(at("06:00")),
				HistoryEvent.serviceStarted(at("07:00")),
				HistoryEvent.presenceChanged(at("07:00"), PresenceState.UNKNOWN, PresenceState.ABSENT),
				HistoryEvent.presenceChanged(at("07:30"), PresenceState.ABSENT, PresenceState.ACTIVE));
		Timeline timeline = Timeline.of(events,
				PresencePageTests.snapshot(PresenceState.ACTIVE, at("07:30"), 1, NOW, List.of()), NOW);
		assertThat(timeline.bands()).containsExactly(new Band(at("07:00"), at("07:30"), PresenceState.ABSENT),
				new Band(at("07:30"), NOW, PresenceState.ACTIVE));
	}

	@Test
	void aStateTheHistoryMissedRunsFromWhenItBegan() {
		Timeline timeline = Timeline.of(List.of(),
				PresencePageTests.snapshot(PresenceState.IDLE, at("09:00"), 0, at("08:00"), List.of()), NOW);
		assertThat(timeline.bands()).containsExactly(new Band(at("09:00"), NOW, PresenceState.IDLE));
	}

	@Test
	void aStateOlderThanTheWindowFillsIt() {
		Timeline timeline = Timeline.of(List.of(), PresencePageTests.snapshot(PresenceState.IDLE,
				WINDOW_START.minusSeconds(3600), 0, WINDOW_START.minusSeconds(7200), List.of()), NOW);
		assertThat(timeline.bands()).containsExactly(new Band(WINDOW_START, NOW, PresenceState.IDLE));
	}

	@Test
	void beforeTheFirstScanThereIsNoBand() {
		Timeline timeline = Timeline.of(List.of(HistoryEvent.serviceStarted(at("09:59"))),
				PresencePageTests.snapshot(PresenceState.UNKNOWN, at("09:59"), 0, null, List.of()), NOW);
		assertThat(timeline.bands()).isEmpty();
	}

	@Test
	void arrivalsDeparturesAndCleanupsAreMarks() {
		List<HistoryEvent> events = List.of(HistoryEvent.arrived(at("08:00"), 1, "a", "f"),
				HistoryEvent.presenceChanged(at("08:00"), PresenceState.ABSENT, PresenceState.ACTIVE),
				HistoryEvent.cleanedUp(at("08:30"), 2, "b", "g", "the 10:30 tick"));
		Timeline timeline = Timeline.of(events,
				PresencePageTests.snapshot(PresenceState.ACTIVE, at("08:00"), 1, NOW, List.of()), NOW);
		assertThat(timeline.marks()).containsExactly(events.get(0), events.get(2));
	}

	private static Instant at(String time) {
		return Instant.parse("2026-05-02T" + time + ":00Z");
	}

}
