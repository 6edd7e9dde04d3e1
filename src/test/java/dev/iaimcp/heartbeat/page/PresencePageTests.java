package dev.iaimcp.heartbeat.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.iaimcp.heartbeat.history.DepartureReason;
import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot.Entry;
import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's first view, as a browser without JavaScript shows it.
 */
class PresencePageTests {

	private static final Instant NOW = Instant.parse("2026-05-02T10:00:00Z");

	private static final Moments MOMENTS = new Moments(NOW, ZoneOffset.UTC);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			UNKNOWN | PT0S  | PT0S  | 0 | Starting: first scan not finished
			ACTIVE  | PT48M | PT0S  | 2 | Active: 2 wrappers, since 09:12
			ACTIVE  | PT48M | PT0S  | 1 | Active: 1 wrapper, since 09:12
			ABSENT  | PT3M  | PT3M  | 0 | Absent for 3 min, no wrapper since 09:57
			DROWSY  | PT12M | PT22M | 0 | Drowsy for 12 min, no wrapper since 09:38
			IDLE    | PT42M | PT72M | 0 | Idle for 42 min, no wrapper since 08:48
			""")
	void theStateLineSaysTheStateHowLongAndSinceWhen(PresenceState state, Duration inState, Duration nobodyFor,
			int fresh, String headline) {
		PresenceSnapshot snapshot = snapshot(state, NOW.minus(inState), fresh,
				(state == PresenceState.UNKNOWN) ? null : NOW.minus(nobodyFor), List.of());
		assertThat(render(snapshot, List.of()))
			.contains("<p id=\"state\" class=\"state state-" + state.name().toLowerCase(java.util.Locale.ROOT))
			.contains(">" + headline + "</p>");
	}

	@Test
	void aServiceThatNeverSawAWrapperSaysSo() {
		PresenceSnapshot snapshot = snapshot(PresenceState.ABSENT, NOW.minusSeconds(300), 0, null, List.of());
		assertThat(render(snapshot, List.of())).contains(">Absent for 5 min, no wrapper seen yet</p>");
	}

	@Test
	void eachWrapperIsListedWithItsPidStatusArrivalAndLastRefresh() {
		Entry entry = new Entry(4242, "uuid-1", HeartbeatStatus.FRESH, Instant.parse("2026-05-02T09:59:40Z"),
				"heartbeat-4242-uuid-1.json");
		HistoryEvent arrival = HistoryEvent.arrived(Instant.parse("2026-05-02T09:12:00Z"), 4242, "uuid-1",
				"heartbeat-4242-uuid-1.json");
		String html = render(snapshot(PresenceState.ACTIVE, arrival.at(), 1, NOW, List.of(entry)), List.of(arrival));
		assertThat(html)
			.contains("<td>4242</td><td>fresh</td><td><time datetime=\"2026-05-02T09:12:00Z\">09:12</time>"
					+ "</td><td><time datetime=\"2026-05-02T09:59:40Z\">09:59:40</time></td>")
			.contains(">heartbeat-4242-uuid-1.json</td>")
			.contains("<p id=\"no-wrappers\" class=\"quiet\" hidden>");
	}

	@Test
	void aFileTheCleanupAfterTheScanDeletedIsNoLongerListed() {
		Entry orphan = new Entry(7, "gone", HeartbeatStatus.ORPHAN, NOW.minusSeconds(20), "heartbeat-7-gone.json");
		Entry live = new Entry(8, "here", HeartbeatStatus.FRESH, NOW.minusSeconds(5), "heartbeat-8-here.json");
		HistoryEvent deletion = HistoryEvent.cleanedUp(NOW, 7, "gone", "heartbeat-7-gone.json", "by the tick");
		String html = render(snapshot(PresenceState.ACTIVE, NOW, 1, NOW, List.of(live, orphan)), List.of(deletion));
		assertThat(html).contains("<td>8</td>").doesNotContain("<td>7</td>");
	}

	@Test
	void aFileWrittenAgainAfterItsCleanupIsListed() {
		Entry recreated = new Entry(7, "back", HeartbeatStatus.FRESH, NOW, "heartbeat-7-back.json");
		HistoryEvent deletion = HistoryEvent.cleanedUp(NOW.minusSeconds(30), 7, "back", "heartbeat-7-back.json",
				"by the tick");
		String html = render(snapshot(PresenceState.ACTIVE, NOW, 1, NOW, List.of(recreated)), List.of(deletion));
		assertThat(html).contains("<td>7</td><td>fresh</td>");
	}

	@Test
	void withoutWrappersThePageSaysThereAreNone() {
		String html = render(snapshot(PresenceState.IDLE, NOW.minusSeconds(3600), 0, null, List.of()), List.of());
		assertThat(html).contains("<p id=\"no-wrappers\" class=\"quiet\">No heartbeat files right now.</p>");
	}

	@Test
	void fileNamesUuidsAndErrorsFromTheDirectoryAreEscaped() {
		String hostile = "<script>alert(1)</script>";
		String file = "heartbeat-7-\"><img src=x onerror=alert(2)>.json";
		Entry entry = new Entry(7, hostile, HeartbeatStatus.STALE, NOW.minusSeconds(600), file);
		HistoryEvent departure = HistoryEvent.departed(NOW.minusSeconds(60), 7, hostile, file,
				DepartureReason.WENT_STALE, "<b>detail</b>");
		PresenceSnapshot snapshot = snapshot(PresenceState.ABSENT, NOW.minusSeconds(60), 0, NOW.minusSeconds(60),
				List.of(entry))
			.withError("cannot list <dir>");
		String html = render(snapshot,
				List.of(HistoryEvent.arrived(NOW.minusSeconds(900), 7, hostile, file), departure));
		assertThat(html).doesNotContain("<script>alert")
			.doesNotContain("<img")
			.doesNotContain("<b>")
			.doesNotContain("<dir>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.contains("heartbeat-7-&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.json")
			.contains("Could not read the wrappers directory: cannot list &lt;dir&gt;");
	}

	@Test
	void theTimelineShowsStatesAsBandsAndComingsAndGoingsAsMarksWithTheirReasons() {
		List<HistoryEvent> events = List.of(
				HistoryEvent.presenceChanged(Instant.parse("2026-05-02T04:00:00Z"), PresenceState.IDLE,
						PresenceState.ACTIVE),
				HistoryEvent.arrived(Instant.parse("2026-05-02T04:00:00Z"), 4242, "u", "heartbeat-4242-u.json"),
				HistoryEvent.departed(Instant.parse("2026-05-02T07:00:00Z"), 4242, "u", "heartbeat-4242-u.json",
						DepartureReason.PROCESS_ENDED, null),
				HistoryEvent.presenceChanged(Instant.parse("2026-05-02T07:00:00Z"), PresenceState.ACTIVE,
						PresenceState.ABSENT));
		String html = render(snapshot(PresenceState.ABSENT, Instant.parse("2026-05-02T07:00:00Z"), 0,
				Instant.parse("2026-05-02T07:00:00Z"), List.of()), events);
		assertThat(html)
			.contains("<rect class=\"band band-idle\" data-state=\"IDLE\" data-start=\"2026-05-01T10:00:00Z\" "
					+ "data-end=\"2026-05-02T04:00:00Z\" x=\"0.000%\" width=\"75.000%\"")
			.contains("<rect class=\"band band-active\" data-state=\"ACTIVE\" data-start=\"2026-05-02T04:00:00Z\" "
					+ "data-end=\"2026-05-02T07:00:00Z\" x=\"75.000%\" width=\"12.500%\"")
			.contains("<rect class=\"band band-absent\" data-state=\"ABSENT\" data-start=\"2026-05-02T07:00:00Z\" "
					+ "x=\"87.500%\" width=\"12.500%\"")
			.contains("<rect class=\"mark mark-wrapper_arrived\" data-at=\"2026-05-02T04:00:00Z\" x=\"75.000%\"")
			.contains("<rect class=\"mark mark-wrapper_departed\" data-at=\"2026-05-02T07:00:00Z\" x=\"87.500%\"")
			.contains("<span class=\"what\">pid 4242 ended (process ended)</span>")
			.contains("<span class=\"what\">pid 4242 arrived</span>");
	}

	@Test
	void theListOfWhatHappenedIsNewestFirstAndOnlyOfTheLastDay() {
		List<HistoryEvent> events = List.of(HistoryEvent.serviceStarted(NOW.minus(Duration.ofHours(30))),
				HistoryEvent.arrived(NOW.minusSeconds(600), 1, "a", "heartbeat-1-a.json"),
				HistoryEvent.arrived(NOW.minusSeconds(60), 2, "b", "heartbeat-2-b.json"));
		String html = render(snapshot(PresenceState.ACTIVE, NOW.minusSeconds(600), 2, NOW, List.of()), events);
		String list = html.substring(html.indexOf("<ol id=\"events\""));
		assertThat(list).doesNotContain("Service started");
		assertThat(list.indexOf("pid 2 arrived")).isPositive().isLessThan(list.indexOf("pid 1 arrived"));
	}

	@Test
	void whenAStateBeganIsShownInLocalTimeNotAsTheHistoryWritesIt() {
		List<HistoryEvent> events = List.of(HistoryEvent.presenceChanged(NOW.minusSeconds(60), PresenceState.ABSENT,
				PresenceState.DROWSY, "since 2026-05-02T09:50:00.123456789Z"));
		String html = new PresencePage(snapshot(PresenceState.DROWSY, NOW.minusSeconds(330), 0, NOW, List.of()), events,
				new Moments(NOW, ZoneOffset.ofHours(2)))
			.render();
		assertThat(html).contains("Presence absent \u2192 drowsy \u2014 since 11:50:00").doesNotContain("09:50:00.123");
	}

	@Test
	void theViewRefersToItsStyleAndScriptOnlyAndHasNoInlineScript() {
		String html = render(snapshot(PresenceState.ACTIVE, NOW, 1, NOW, List.of()), List.of());
		assertThat(html).contains("<link rel=\"stylesheet\" href=\"/page/presence.css\">")
			.contains("<script src=\"/page/presence.js\" defer></script>")
			.doesNotContain("<script>")
			.doesNotContain("style=")
			.doesNotContainPattern("\\son[a-z]+=");
	}

	private static String render(PresenceSnapshot snapshot, List<HistoryEvent> events) {
		return new PresencePage(snapshot, events, MOMENTS).render();
	}

	static PresenceSnapshot snapshot(PresenceState state, Instant since, int fresh, @Nullable Instant lastFreshAt,
			List<Entry> entries) {
		Instant scannedAt = (state == PresenceState.UNKNOWN) ? null : NOW;
		return new PresenceSnapshot(state, since, 0, fresh, 0, 0, 0, scannedAt, 3, lastFreshAt, null, entries, 0, null);
	}

}
