package dev.iaimcp.heartbeat.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.scan.Sample;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.SkippedFile;

/**
 * Logs what changed between ticks, so that a quiet steady state logs nothing: presence
 * transitions, each deletion, and each distinct problem once while it lasts. A burst is
 * cut short: at most {@link #LINES_PER_BURST} lines of a kind per scan, then one line
 * with the count by reason, so that no directory can flood the log. File names are
 * escaped, so that none can forge a line.
 */
class ScanReporter {

	static final int LINES_PER_BURST = 20;

	private static final Logger logger = LoggerFactory.getLogger(ScanReporter.class);

	// What the previous scan reported: at most a sample's worth of problems, and the counts
	// by reason of each kind of problem too many to name.
	private Set<String> reportedProblems = Set.of();

	private Map<String, Map<String, Integer>> reportedTotals = Map.of();

	private @Nullable Boolean wasActive;

	void report(Scan scan, @Nullable Cleanup cleanup) {
		Problems problems = new Problems();
		if (scan.failure() != null) {
			problems.add("Cannot list the wrappers directory: " + scan.failure());
		}
		else {
			reportTransition(scan);
		}
		problems.addAll("Skipped", "files", scan.skipped());
		if (cleanup != null) {
			reportDeletions(cleanup);
			problems.addAll("Kept", "files", cleanup.kept());
		}
		problems.log();
		this.reportedProblems = problems.all;
		this.reportedTotals = problems.totals;
	}

	void reportFailedTick(RuntimeException ex) {
		logger.warn("Heartbeat tick failed; the next tick runs as scheduled", ex);
	}

	private void reportTransition(Scan scan) {
		boolean active = scan.active();
		if (this.wasActive == null || this.wasActive != active) {
			if (active) {
				logger.info("Presence: a wrapper is here ({} fresh)", scan.count(HeartbeatStatus.FRESH));
			}
			else {
				logger.info("Presence: no wrapper is here");
			}
		}
		this.wasActive = active;
	}

	private static void reportDeletions(Cleanup cleanup) {
		logBurst(cleanup.deleted(), "heartbeat files", (entry) -> "Deleted " + SafeText.of(entry.file()) + " ("
				+ entry.status() + ": " + SafeText.of(entry.reason()) + ")");
		logBurst(cleanup.deletedLeftovers(), "staging files", (leftover) -> "Deleted " + SafeText.of(leftover.file())
				+ " (staging file of dead pid " + leftover.pid() + ", written " + leftover.modified() + ")");
	}

	private static <T> void logBurst(Sample<T> sample, String what, Function<T, String> line) {
		List<T> shown = sample.items().subList(0, Math.min(sample.items().size(), LINES_PER_BURST));
		shown.forEach((item) -> logger.info(line.apply(item)));
		if (sample.total() > shown.size()) {
			logger.info("Deleted {} {} in all ({}); the first {} are listed above", number(sample.total()), what,
					byReason(sample.counts()), shown.size());
		}
	}

	private static String byReason(Map<String, Integer> counts) {
		return counts.entrySet()
			.stream()
			.map((count) -> SafeText.of(count.getKey()) + " " + number(count.getValue()))
			.collect(Collectors.joining(", "));
	}

	private static String number(int value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	/** The problems of one scan, and which of them to log. */
	private final class Problems {

		private final Set<String> all = new HashSet<>();

		private final Map<String, Map<String, Integer>> totals = new HashMap<>();

		private final List<String> lines = new ArrayList<>();

		void add(String problem) {
			addNew(List.of(problem));
		}

		void addAll(String verb, String what, Sample<SkippedFile> sample) {
			addNew(sample.items()
				.stream()
				.map((item) -> verb + " " + SafeText.of(item.file()) + ": " + SafeText.of(item.reason()))
				.toList());
			if (sample.total() > LINES_PER_BURST) {
				String kind = verb + " " + what;
				this.totals.put(kind, sample.counts());
				if (!sample.counts().equals(ScanReporter.this.reportedTotals.get(kind))) {
					this.lines.add(verb + " " + number(sample.total()) + " " + what + " in all ("
							+ byReason(sample.counts()) + "); at most " + LINES_PER_BURST + " are named at a time");
				}
			}
		}

		void log() {
			this.lines.forEach(logger::warn);
		}

		private void addNew(List<String> problems) {
			this.all.addAll(problems);
			problems.stream()
				.filter((problem) -> !ScanReporter.this.reportedProblems.contains(problem))
				.limit(LINES_PER_BURST)
				.forEach(this.lines::add);
		}

	}

}
