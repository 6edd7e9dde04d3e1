package dev.iaimcp.heartbeat.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.presence.PresenceTransition;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.scan.Sample;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.SkippedFile;

/**
 * Logs what changed between ticks, so that a quiet steady state logs nothing: presence
 * transitions (all in one form: {@code Presence ABSENT -> ACTIVE since ...}), each
 * deletion, and each distinct problem once while it lasts. A burst is cut short: at most
 * {@link #LINES_PER_BURST} lines of a kind per scan, then one line with the count by
 * reason, so that no directory can flood the log. File names are escaped, so that none
 * can forge a line.
 */
class ScanReporter {

	static final int LINES_PER_BURST = 20;

	private static final Logger logger = LoggerFactory.getLogger(ScanReporter.class);

	// What was last reported, by kind of problem: at most a sample's worth of problems,
	// and the counts by reason when there were too many to name. Cleanup problems are
	// only reported by scans that clean up; a scan that does not leaves them as they
	// were.
	private final Map<String, Reported> reported = new HashMap<>();

	void report(Scan scan, @Nullable Cleanup cleanup, PresenceTransition transition) {
		List<String> problems = new ArrayList<>();
		List<String> listing = (scan.failure() != null)
				? List.of("Cannot list the wrappers directory: " + scan.failure()) : List.of();
		problems.addAll(newProblems("Cannot list", listing, Sample.empty()));
		if (transition.changed()) {
			logger.info("Presence {} -> {} since {}", transition.from(), transition.to().state(),
					transition.to().since());
		}
		problems.addAll(newProblems("Skipped", scan.skipped()));
		if (cleanup != null) {
			reportDeletions(cleanup);
			problems.addAll(newProblems("Kept", cleanup.kept()));
		}
		problems.forEach(logger::warn);
	}

	void reportFailedTick(RuntimeException ex) {
		logger.warn("Heartbeat tick failed; the next tick runs as scheduled: {}", SafeText.failure(ex));
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

	private List<String> newProblems(String verb, Sample<SkippedFile> sample) {
		List<String> problems = sample.items()
			.stream()
			.map((item) -> verb + " " + SafeText.of(item.file()) + ": " + SafeText.of(item.reason()))
			.toList();
		return newProblems(verb, problems, (sample.total() > LINES_PER_BURST) ? sample : Sample.empty());
	}

	/**
	 * Remembers the problems of one kind a scan found and returns the lines to log: the
	 * first {@link #LINES_PER_BURST} not reported before, and the counts by reason when
	 * there are more than that and the counts changed.
	 * @param verb what happened to the files, which also names the kind of problem
	 * @param problems one line per file, as it would be logged
	 * @param counted how many files there are by reason, empty when every file is named
	 * @return the lines to log, none when nothing changed since the last scan
	 */
	private List<String> newProblems(String verb, List<String> problems, Sample<?> counted) {
		Map<String, Integer> counts = counted.counts();
		Reported before = this.reported.getOrDefault(verb, Reported.NOTHING);
		List<String> lines = problems.stream()
			.filter((problem) -> !before.problems().contains(problem))
			.limit(LINES_PER_BURST)
			.collect(Collectors.toCollection(ArrayList::new));
		if (!counts.isEmpty() && !counts.equals(before.counts())) {
			lines.add(verb + " " + number(counted.total()) + " files in all (" + byReason(counts) + "); at most "
					+ LINES_PER_BURST + " are named at a time");
		}
		this.reported.put(verb, new Reported(Set.copyOf(problems), counts));
		return lines;
	}

	private record Reported(Set<String> problems, Map<String, Integer> counts) {

		static final Reported NOTHING = new Reported(Set.of(), Map.of());

	}

}
