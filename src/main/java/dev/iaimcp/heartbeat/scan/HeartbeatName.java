package dev.iaimcp.heartbeat.scan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pid and uuid carried by a file name of the form {@code heartbeat-<pid>-<uuid>.json}.
 *
 * @param pid the writer's pid
 * @param uuid the writer's uuid (it may contain dashes)
 */
record HeartbeatName(long pid, String uuid) {

	static final String PREFIX = "heartbeat-";

	static final String SUFFIX = ".json";

	// 18 digits always fit a long; no real pid comes near that.
	private static final Pattern FORM = Pattern.compile("heartbeat-(\\d{1,18})-(.+)\\.json");

	static boolean looksLikeHeartbeat(String fileName) {
		return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX);
	}

	static Optional<HeartbeatName> parse(String fileName) {
		Matcher matcher = FORM.matcher(fileName);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new HeartbeatName(Long.parseLong(matcher.group(1)), matcher.group(2)));
	}

}
