package dev.iaimcp.heartbeat.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What verify found, filled in step by step; what did not happen stays out.
 */
final class VerifyReport {

	private final String service;

	private final Path wrappersDir;

	private @Nullable Path serviceWrappersDir;

	private @Nullable String watch;

	private final Map<Step, Double> seconds = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private @Nullable String failure;

	VerifyReport(String service, Path wrappersDir) {
		this.service = service;
		this.wrappersDir = wrappersDir;
	}

	void service(Path serviceWrappersDir, String watch) {
		this.serviceWrappersDir = serviceWrappersDir;
		this.watch = watch;
	}

	void took(Step step, double seconds) {
		this.seconds.put(step, seconds);
	}

	void note(String note) {
		this.notes.add(note);
	}

	void failed(String failure) {
		this.failure = failure;
	}

	boolean ok() {
		return this.failure == null;
	}

	@Nullable String failure() {
		return this.failure;
	}

	/**
	 * The report for a person.
	 * @return lines of text: where, what was seen how fast, and the verdict
	 */
	String text() {
		StringBuilder text = new StringBuilder("service at ").append(this.service);
		if (this.watch != null) {
			text.append(" (watch: ").append(this.watch).append(')');
		}
		text.append(", wrappers dir ").append(this.wrappersDir).append('\n');
		this.notes.forEach((note) -> text.append("note: ").append(note).append('\n'));
		if (!this.seconds.isEmpty()) {
			text.append(this.seconds.entrySet()
				.stream()
				.map((step) -> String.format(Locale.ROOT, step.getKey().text, step.getValue()))
				.collect(Collectors.joining(", ")));
			text.append(ok() ? ": all held" : "").append('\n');
		}
		if (!ok()) {
			text.append("verify failed: ").append(this.failure).append('\n');
		}
		return text.toString();
	}

	/**
	 * The same as JSON, for scripts.
	 * @param mapper writes the JSON
	 * @return the report as pretty-printed JSON: seconds keyed by step, {@code error}
	 * null when all held
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
		json.put("notes", this.notes);
		json.put("error", this.failure);
		return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
	}

	/** What verify times, in the order it does. */
	enum Step {

		NEW_WRAPPER("newWrapperSeen", "new wrapper seen in %.2f s"),

		REFRESH("refreshSeen", "refresh seen in %.2f s"),

		EXIT("exitSeen", "exit seen in %.2f s"),

		CRASH("crashSeen", "crash seen in %.2f s"),

		CLEANUP("crashCleanedUp", "its file deleted %.2f s after the crash");

		private final String json;

		private final String text;

		Step(String json, String text) {
			this.json = json;
			this.text = text;
		}

	}

}
