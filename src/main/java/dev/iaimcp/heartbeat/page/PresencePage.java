package dev.iaimcp.heartbeat.page;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.history.HistoryKind;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot.Entry;

/**
 * The page's first view, complete without JavaScript: the state line, the wrappers now
 * and the last 24 hours. Every text from outside (file names, uuids, errors) is escaped.
 * Elements carry their moments in {@code data-} attributes for the script, which keeps
 * them live, to lay out again as time passes.
 */
final class PresencePage {

	private final PresenceSnapshot snapshot;

	private final List<HistoryEvent> events;

	private final Moments moments;

	private final StringBuilder html = new StringBuilder(8192);

	/**
	 * A page to render.
	 * @param snapshot the latest snapshot
	 * @param events the history kept, oldest first
	 * @param moments now, and the reader's time zone
	 */
	PresencePage(PresenceSnapshot snapshot, List<HistoryEvent> events, Moments moments) {
		this.snapshot = snapshot;
		this.events = events;
		this.moments = moments;
	}

	String render() {
		StateLine line = StateLine.of(this.snapshot, this.moments);
		head(line);
		this.html.append("<main>\n");
		now(line);
		wrappers();
		timeline(Timeline.of(this.events, this.snapshot, this.moments.now()));
		this.html.append("</main>\n");
		footer();
		this.html.append("</body>\n</html>\n");
		return this.html.toString();
	}

	private void head(StateLine line) {
		this.html.append("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<meta name="color-scheme" content="light dark">
				<title>%s \u00b7 Presence</title>
				<link rel="stylesheet" href="%s">
				<script src="%s" defer></script>
				</head>
				<body>
				<header>
				<h1>Presence</h1>
				<p id="live" class="live">Not live: reload to see changes</p>
				</header>
				""".formatted(text(StateLine.name(this.snapshot.state())), PresencePageController.STYLE,
				PresencePageController.SCRIPT));
	}

	private void now(StateLine line) {
		this.html.append("<section class=\"now\" aria-label=\"Now\">\n<p id=\"state\" class=\"state state-")
			.append(lower(this.snapshot.state().name()))
			.append("\" data-state=\"")
			.append(this.snapshot.state())
			.append("\" data-since=\"")
			.append(this.snapshot.since())
			.append("\" data-fresh=\"")
			.append(this.snapshot.fresh());
		if (this.snapshot.lastFreshAt() != null) {
			this.html.append("\" data-last-fresh=\"").append(this.snapshot.lastFreshAt());
		}
		this.html.append("\">")
			.append(text(line.headline()))
			.append("</p>\n<p id=\"meaning\" class=\"meaning\">")
			.append(text(line.meaning()))
			.append("</p>\n<p id=\"error\" class=\"error\"")
			.append(hiddenUnless(this.snapshot.error() != null))
			.append(">")
			.append((this.snapshot.error() != null)
					? text("Could not read the wrappers directory: " + this.snapshot.error()) : "")
			.append("</p>\n</section>\n");
	}

	private void wrappers() {
		this.html.append("""
				<section aria-labelledby="wrappers-title">
				<h2 id="wrappers-title">Wrappers now</h2>
				<table id="wrappers">
				<thead><tr><th scope="col">pid</th><th scope="col">status</th><th scope="col">here since</th>\
				<th scope="col">last refresh</th><th scope="col">file</th></tr></thead>
				<tbody>
				""");
		Map<String, Instant> arrivals = arrivals();
		List<Entry> present = present();
		present.forEach((entry) -> row(entry, arrivals.get(entry.uuid())));
		this.html.append("</tbody>\n</table>\n<p id=\"no-wrappers\" class=\"quiet\"")
			.append(hiddenUnless(present.isEmpty()))
			.append(">No heartbeat files right now.</p>\n<p id=\"omitted\" class=\"quiet\"")
			.append(hiddenUnless(this.snapshot.omitted() > 0))
			.append(">")
			.append(this.snapshot.omitted())
			.append(" more not listed.</p>\n</section>\n");
	}

	private void row(Entry entry, @Nullable Instant arrived) {
		this.html.append("<tr class=\"status-")
			.append(lower(entry.status().name()))
			.append("\" data-uuid=\"")
			.append(text(entry.uuid()));
		if (arrived != null) {
			this.html.append("\" data-arrived=\"").append(arrived);
		}
		this.html.append("\"><td>")
			.append(entry.pid())
			.append("</td><td>")
			.append(lower(entry.status().name()))
			.append("</td><td>")
			.append((arrived != null) ? time(arrived, this.moments.time(arrived)) : "\u2014")
			.append("</td><td>")
			.append(time(entry.lastRefresh(), this.moments.preciseTime(entry.lastRefresh())))
			.append("</td><td class=\"file\" title=\"uuid ")
			.append(text(entry.uuid()))
			.append("\">")
			.append(text(entry.file()))
			.append("</td></tr>\n");
	}

	// The snapshot's entries but those the cleanup after its scan deleted: a person asks
	// which files are there now.
	private List<Entry> present() {
		Instant scannedAt = this.snapshot.scannedAt();
		Set<String> deleted = this.events.stream()
			.filter((event) -> event.kind() == HistoryKind.FILE_CLEANED_UP && event.file() != null)
			.filter((event) -> scannedAt != null && !event.at().isBefore(scannedAt))
			.map(HistoryEvent::file)
			.collect(Collectors.toSet());
		return this.snapshot.entries().stream().filter((entry) -> !deleted.contains(entry.file())).toList();
	}

	// When each wrapper kept in the history arrived: its latest arrival.
	private Map<String, Instant> arrivals() {
		Map<String, Instant> arrivals = new HashMap<>();
		this.events.stream()
			.filter((event) -> event.kind() == HistoryKind.WRAPPER_ARRIVED && event.uuid() != null)
			.forEach((event) -> arrivals.put(event.uuid(), event.at()));
		return arrivals;
	}

	private void timeline(Timeline timeline) {
		this.html.append("<section aria-labelledby=\"timeline-title\">\n<h2 id=\"timeline-title\">Last 24 hours</h2>\n")
			.append("<svg id=\"timeline\" class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" ")
			.append("height=\"48\" role=\"img\" aria-label=\"Presence states, arrivals and departures over the last 24 hours\">\n")
			.append("<rect class=\"track\" x=\"0\" y=\"14\" width=\"100%\" height=\"20\"></rect>\n<g id=\"bands\">\n");
		timeline.bands().forEach((band) -> band(timeline, band));
		this.html.append("</g>\n<g id=\"marks\">\n");
		timeline.marks().forEach((mark) -> mark(timeline, mark));
		this.html.append("</g>\n</svg>\n").append("""
				<div class="axis" aria-hidden="true"><span>24 h ago</span><span>18 h</span><span>12 h</span>\
				<span>6 h</span><span>now</span></div>
				<ul class="legend">\
				<li><span class="swatch band-active"></span>active</li>\
				<li><span class="swatch band-absent"></span>absent</li>\
				<li><span class="swatch band-drowsy"></span>drowsy</li>\
				<li><span class="swatch band-idle"></span>idle</li>\
				<li><span class="swatch mark-wrapper_arrived"></span>arrived</li>\
				<li><span class="swatch mark-wrapper_departed"></span>departed</li>\
				<li><span class="swatch mark-file_cleaned_up"></span>cleaned up</li></ul>
				<h3>What happened</h3>
				<ol id="events" class="events">
				""");
		List<HistoryEvent> shown = this.events.stream()
			.filter((event) -> !event.at().isBefore(timeline.start()))
			.toList();
		for (int i = shown.size() - 1; i >= 0; i--) {
			event(shown.get(i));
		}
		this.html.append("</ol>\n<p id=\"no-events\" class=\"quiet\"")
			.append(hiddenUnless(shown.isEmpty()))
			.append(">Nothing recorded in the last 24 hours.</p>\n</section>\n");
	}

	private void band(Timeline timeline, Timeline.Band band) {
		this.html.append("<rect class=\"band band-")
			.append(lower(String.valueOf(band.state())))
			.append("\" data-state=\"")
			.append(band.state())
			.append("\" data-start=\"")
			.append(band.start());
		if (band.end().isBefore(timeline.end())) {
			this.html.append("\" data-end=\"").append(band.end());
		}
		double x = position(timeline, band.start());
		this.html.append("\" x=\"")
			.append(percent(x))
			.append("\" width=\"")
			.append(percent(position(timeline, band.end()) - x))
			.append("\" y=\"14\" height=\"20\"><title>")
			.append(text(StateLine.name(band.state()) + " " + this.moments.time(band.start()) + " \u2013 "
					+ this.moments.time(band.end())))
			.append("</title></rect>\n");
	}

	private void mark(Timeline timeline, HistoryEvent event) {
		boolean arrival = event.kind() == HistoryKind.WRAPPER_ARRIVED;
		this.html.append("<rect class=\"mark mark-")
			.append(lower(event.kind().name()))
			.append("\" data-at=\"")
			.append(event.at())
			.append("\" x=\"")
			.append(percent(position(timeline, event.at())))
			.append("\" width=\"2\" y=\"")
			.append(arrival ? 0 : 34)
			.append("\" height=\"14\"><title>")
			.append(text(this.moments.preciseTime(event.at()) + " " + EventWords.of(event, this.moments)))
			.append("</title></rect>\n");
	}

	private void event(HistoryEvent event) {
		this.html.append("<li class=\"event event-")
			.append(lower(event.kind().name()))
			.append("\" data-kind=\"")
			.append(event.kind())
			.append("\" data-at=\"")
			.append(event.at());
		if (event.uuid() != null) {
			this.html.append("\" data-uuid=\"").append(text(event.uuid()));
		}
		if (event.file() != null) {
			this.html.append("\" data-file=\"").append(text(event.file()));
		}
		this.html.append("\"")
			.append(">")
			.append(time(event.at(), this.moments.preciseTime(event.at())))
			.append(" <span class=\"what\">")
			.append(text(EventWords.of(event, this.moments)))
			.append("</span></li>\n");
	}

	private void footer() {
		Instant scannedAt = this.snapshot.scannedAt();
		this.html.append("<footer>\n<p id=\"scanned\">")
			.append((scannedAt != null) ? "Last scan at " + time(scannedAt, this.moments.preciseTime(scannedAt)) + " ("
					+ this.snapshot.scanMillis() + " ms)." : "No scan yet.")
			.append("</p>\n<p>This page only reads: it changes nothing, and answers on this machine's loopback ")
			.append("address alone. The same as JSON: <a href=\"/actuator/presence\">/actuator/presence</a> and ")
			.append("<a href=\"/actuator/history\">/actuator/history</a>.</p>\n")
			.append("</footer>\n");
	}

	private static String time(Instant at, String words) {
		return "<time datetime=\"" + at + "\">" + text(words) + "</time>";
	}

	private static double position(Timeline timeline, Instant at) {
		double span = timeline.end().toEpochMilli() - timeline.start().toEpochMilli();
		double offset = at.toEpochMilli() - timeline.start().toEpochMilli();
		return Math.max(0, Math.min(100, 100 * offset / span));
	}

	private static String percent(double value) {
		return String.format(Locale.ROOT, "%.3f%%", value);
	}

	private static String hiddenUnless(boolean shown) {
		return shown ? "" : " hidden";
	}

	private static String lower(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private static String text(String text) {
		return Html.escape(text);
	}

}
