package dev.iaimcp.heartbeat.verify;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What verify found, filled in step by step, each line handed on as it happens (a person
 * watching sees each step as it completes, never a silent wait); what did not happen
 * stays out.
 */
final class VerifyReport {

	private final String service;

	private final Path wrappersDir;

	private final Consumer<String> printer;

	private final List<String> lines = new ArrayList<>();

	private boolean headerPrinted;

	private @Nullable Path serviceWrappersDir;

	private @Nullable String watch;

	private final Map<Step, Double> seconds = new EnumMap<>(Step.class);

	private final Map<Step, NextTick> pending = new EnumMap<>(Step.class);

	private final List<String> notes = new ArrayList<>();

	private @Nullable String failure;

	/**
	 * Starts an empty report.
	 * @param service how to name the service to a person
	 * @param wrappersDir where verify writes
	 * @param printer takes each line as it happens
	 */
	VerifyReport(String service, Path wrappersDir, Consumer<String> printer) {
		this.service = service;
		this.wrappersDir = wrappersDir;
		this.printer = printer;
	}

	void service(Path serviceWrappersDir, String watch) {
		this.serviceWrappersDir = serviceWrappersDir;
		this.watch = watch;
		header();
	}

	/**
	 * Says what verify waits for, before a wait that may be long.
	 * @param what the wait, as a sentence
	 */
	void waiting(String what) {
		print(what);
	}

	void took(Step step, double seconds) {
		this.seconds.put(step, seconds);
		print(String.format(Locale.ROOT, step.text, seconds));
	}

	/**
	 * The crashed stand-in's cleanup, left to a tick that comes after the run's deadline.
	 * @param tick the tick that would do it
	 * @param now the time now
	 * @param zone the person's time zone
	 */
	void cleanupPending(NextTick tick, Instant now, ZoneId zone) {
		this.pending.put(Step.CLEANUP, tick);
		print("its file deleted: pending: " + tick.describe(now, zone)
				+ " would delete it; --wait ends sooner, so verify deleted it itself");
	}

	void note(String note) {
		this.notes.add(note);
		print("note: " + note);
	}

	void failed(String failure) {
		this.failure = failure;
		header();
		print("verify failed: " + failure);
	}

	/**
	 * Ends the report: the verdict when all held (a failure said its own).
	 */
	void finish() {
		if (ok()) {
			header();
			print(this.pending.isEmpty() ? "all held" : "all held; the cleanup is pending, as said above");
		}
	}

	boolean ok() {
		return this.failure == null;
	}

	@Nullable String failure() {
		return this.failure;
	}

	/**
	 * The report for a person, as it was printed.
	 * @return the lines: where, what was seen how fast, and the verdict
	 */
	String text() {
		return String.join("\n", this.lines) + "\n";
	}

	/**
	 * The same as JSON, for scripts.
	 * @param mapper writes the JSON
	 * @return the report as pretty-printed JSON: seconds keyed by step, the steps pending
	 * with the tick expected to do them, {@code error} null when all held
	 */
	String json(JsonMapper mapper) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("ok", ok());
		json.put("service", this.service);
		json.put("wrappersDir", this.wrappersDir.toString());
		json.put("serviceWrappersDir", (this.serviceWrappersDir != null) ? this.serviceWrappersDir.toString() : null);
		json.put("watch", this.watch);
		Map<String, Double> seconds = new LinkedHashMap<>();
		this.seconds.forEach((step, value) -> seconds.put(step.json, value));
		json.put("seconds", seconds);
		Map<String, Object> pending = new LinkedHashMap<>();
		this.pending.forEach((step, tick) -> pending.put(step.json,
				Map.of("nextTickAt", tick.at().toString(), "nextTickKnown", tick.known())));
		json.put("pending", pending);
		json.put("notes", this.notes);
		json.put("error", this.failure);
		return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
	}

	private void header() {
		if (this.headerPrinted) {
			return;
		}
		this.headerPrinted = true;
		StringBuilder header = new StringBuilder("service at ").append(this.service);
		if (this.watch != null) {
			header.append(" (watch: ").append(this.watch).append(')');
		}
		print(header.append(", wrappers dir ").append(this.wrappersDir).toString());
	}

	private void print(String line) {
		this.lines.add(line);
		this.printer.accept(line);
	}

	/** What verify times, in the order it does. */
	enum Step {

		NEW_WRAPPER("newWrapperSeen", "new wrapper seen in %.3f s"),

		REFRESH("refreshSeen", "refresh seen in %.3f s"),

		EXIT("exitSeen", "exit seen in %.3f s"),

		CRASH("crashSeen", "crash seen in %.3f s"),

		CLEANUP("crashCleanedUp", "its file deleted %.3f s after the crash");

		private final String json;

		private final String text;

		Step(String json, String text) {
			this.json = json;
			this.text = text;
		}

	}

}
