package dev.iaimcp.heartbeat.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of systemd's unit file syntax the template uses: sections, {@code key=value}
 * lines, {@code #} comments and double-quoted words, and list settings (such as
 * {@code ReadWritePaths}) given on several lines, which systemd joins. Enough to check
 * the keys where {@code systemd-analyze} is not available; not a general parser.
 */
final class UnitFile {

	private final Map<String, List<String>> entries;

	private UnitFile(Map<String, List<String>> entries) {
		this.entries = entries;
	}

	static UnitFile read(Path file) throws IOException {
		Map<String, List<String>> entries = new LinkedHashMap<>();
		String section = null;
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
				continue;
			}
			if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
				section = trimmed.substring(1, trimmed.length() - 1);
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (section == null || equals < 1) {
				throw new IllegalArgumentException("not a unit file line: " + line);
			}
			String key = section + "." + trimmed.substring(0, equals).strip();
			entries.computeIfAbsent(key, (repeated) -> new ArrayList<>()).add(trimmed.substring(equals + 1).strip());
		}
		return new UnitFile(entries);
	}

	/**
	 * The raw value of {@code section.key}, or null; a key given more than once is
	 * refused.
	 */
	String get(String key) {
		List<String> values = this.entries.get(key);
		if (values != null && values.size() > 1) {
			throw new IllegalArgumentException(key + " is given " + values.size() + " times; use words()");
		}
		return (values != null) ? values.get(0) : null;
	}

	/**
	 * The words of every line of {@code section.key}, unquoted and with {@code %%}
	 * unescaped.
	 */
	List<String> words(String key) {
		List<String> words = new ArrayList<>();
		for (String value : this.entries.getOrDefault(key, List.of())) {
			addWords(value, words);
		}
		return words;
	}

	private static void addWords(String value, List<String> words) {
		int i = 0;
		while (i < value.length()) {
			if (value.charAt(i) == ' ') {
				i++;
			}
			else if (value.charAt(i) == '"') {
				int end = value.indexOf('"', i + 1);
				words.add(unescape(value.substring(i + 1, end)));
				i = end + 1;
			}
			else {
				int end = value.indexOf(' ', i);
				end = (end < 0) ? value.length() : end;
				words.add(unescape(value.substring(i, end)));
				i = end;
			}
		}
	}

	private static String unescape(String word) {
		return word.replace("%%", "%");
	}

}
