package dev.iaimcp.heartbeat.check;

import java.io.PrintStream;

import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.command.ExitCodes;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Scans once and says what it found, on the streams it is given.
 */
class Checker {

	private final ScanRunner runner;

	private final HeartbeatProperties properties;

	private final JsonMapper jsonMapper;

	Checker(ScanRunner runner, HeartbeatProperties properties, JsonMapper jsonMapper) {
		this.runner = runner;
		this.properties = properties;
		this.jsonMapper = jsonMapper;
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
		if (options.json()) {
			out.println(this.jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot));
		}
		else if (snapshot.error() == null) {
			out.println(summary(snapshot));
		}
		if (snapshot.error() != null) {
			err.println("check: cannot scan " + SafeText.of(this.properties.wrappersDir()) + ": " + snapshot.error());
			return ExitCodes.DIRECTORY_UNREADABLE;
		}
		return ExitCodes.OK;
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
