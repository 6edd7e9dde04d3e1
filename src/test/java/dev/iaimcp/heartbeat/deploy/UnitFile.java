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
 * lines, {@code #} comments and double-quoted words. Enough to check the keys where
 * {@code systemd-analyze} is not available; not a general parser.
 */
final class UnitFile {

	private final Map<String, String> entries;

	private UnitFile(Map<String, String> entries) {
		this.entries = entries;
	}

	static UnitFile read(Path file) throws IOException {
		Map<String, String> entries = new LinkedHashMap<>();
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
			if (entries.put(key, trimmed.substring(equals + 1).strip()) != null) {
				throw new IllegalArgumentException("repeated " + key + " (the template sets each key once)");
			}
		}
		return new UnitFile(entries);
	}

	/** The raw value of {@code section.key}, or null. */
	String get(String key) {
		return this.entries.get(key);
	}

	/** The value split into words, unquoted and with {@code %%} unescaped. */
	List<String> words(String key) {
		List<String> words = new ArrayList<>();
		String value = this.entries.get(key);
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
		return words;
	}

	private static String unescape(String word) {
		return word.replace("%%", "%");
	}

}
