package dev.iaimcp.heartbeat.check;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.iaimcp.heartbeat.command.ExitCodes;
import dev.iaimcp.heartbeat.history.DepartureReason;
import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.history.HistoryFile;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Scans once and says what it found, on the streams it is given, and when asked the
 * newest events of the history the service keeps (read, never written).
 */
class Checker {

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

	private final ScanRunner runner;

	private final HeartbeatProperties properties;

	private final JsonMapper jsonMapper;

	private final HistoryFile history;

	private final ZoneId zone;

	Checker(ScanRunner runner, HeartbeatProperties properties, JsonMapper jsonMapper) {
		this(runner, properties, jsonMapper, HistoryFile.beside(properties.wrappersDir(), Clock.systemUTC()),
				ZoneId.systemDefault());
	}

	Checker(ScanRunner runner, HeartbeatProperties properties, JsonMapper jsonMapper, HistoryFile history,
			ZoneId zone) {
		this.runner = runner;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.history = history;
		this.zone = zone;
	}

	/**
	 * Scans, cleaning up only when asked, and prints the result.
	 * @param options the command line
	 * @param out where the answer goes
	 * @param err where the reason for a failure goes
	 * @return 0 when the directory could be read, {@value ExitCodes#DIRECTORY_UNREADABLE}
	 * when not
	 */
	int run(CheckOptions options, PrintStream out, PrintStream err) {
		PresenceSnapshot snapshot = this.runner.scanNow(options.cleanup());
		List<HistoryEvent> events = (options.history() > 0) ? newest(options.history()) : List.of();
		if (options.json()) {
			ObjectNode json = this.jsonMapper.valueToTree(snapshot);
			if (options.history() > 0) {
				json.set("history", this.jsonMapper.valueToTree(events));
			}
			out.println(this.jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(json));
		}
		else {
			if (snapshot.error() == null) {
				out.println(summary(snapshot));
			}
			if (options.history() > 0) {
				printHistory(events, out);
			}
		}
		if (snapshot.error() != null) {
			err.println("check: cannot scan " + SafeText.of(this.properties.wrappersDir()) + ": " + snapshot.error());
			return ExitCodes.DIRECTORY_UNREADABLE;
		}
		return ExitCodes.OK;
	}

	private List<HistoryEvent> newest(int count) {
		List<HistoryEvent> kept = this.history.load();
		return kept.subList(Math.max(0, kept.size() - count), kept.size());
	}

	private void printHistory(List<HistoryEvent> events, PrintStream out) {
		if (events.isEmpty()) {
			out.println("history: none kept beside " + SafeText.of(this.properties.wrappersDir()));
			return;
		}
		out.println("history: the last " + events.size() + " events, in local time (" + this.zone + ")");
		events.forEach((event) -> out.println(line(event)));
	}

	// Everything in an event may come from a file anyone could write: each part is
	// escaped.
	private String line(HistoryEvent event) {
		List<String> parts = new ArrayList<>();
		parts.add(LOCAL_TIME.format(event.at().atZone(this.zone)));
		parts.add(event.kind().name());
		if (event.from() != null && event.to() != null) {
			parts.add(event.from() + " -> " + event.to());
		}
		if (event.pid() != null) {
			parts.add("pid " + event.pid());
		}
		if (event.reason() != null && event.reason() != DepartureReason.CLEANED_UP) {
			parts.add(event.reason().name());
		}
		if (event.detail() != null) {
			parts.add(SafeText.of(event.detail()));
		}
		else if (event.file() != null) {
			parts.add(SafeText.of(event.file()));
		}
		return String.join("  ", parts);
	}

	private static String summary(PresenceSnapshot snapshot) {
		StringBuilder line = new StringBuilder().append("n=")
			.append(snapshot.fresh())
			.append(" fresh, ")
			.append(snapshot.stale())
			.append(" stale, ")
			.append(snapshot.orphan())
			.append(" orphan");
		if (snapshot.skipped() > 0) {
			line.append("; ").append(snapshot.skipped()).append(" skipped");
		}
		if (snapshot.cleanup() != null) {
			line.append("; ").append(snapshot.cleanup().deleted()).append(" deleted");
		}
		if (snapshot.cleanup() != null && snapshot.cleanup().leftovers() > 0) {
			line.append(", ").append(snapshot.cleanup().leftovers()).append(" staging leftovers deleted");
		}
		return line.toString();
	}

}
