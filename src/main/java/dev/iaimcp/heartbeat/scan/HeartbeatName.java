package dev.iaimcp.heartbeat.scan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pid and uuid carried by a file name of the form
 * {@code heartbeat-<pid>-<uuid>.json}.
 *
 * @param pid the writer's pid
 * @param uuid the writer's uuid (it may contain dashes)
 */
record HeartbeatName(long pid, String uuid) {

	static final String PREFIX = "heartbeat-";

	static final String SUFFIX = ".json";

	// 18 digits always fit a long; no real pid comes near that.
	private static final Pattern FORM = Pattern.compile("heartbeat-(\\d{1,18})-(.+)\\.json");

	// The writers stage each refresh in heartbeat-<pid>-<uuid>.json.<uuid>.tmp, then
	// rename it.
	private static final Pattern STAGING_FORM = Pattern.compile("heartbeat-(\\d{1,18})-(.+)\\.json\\.[^.]+\\.tmp");

	static boolean looksLikeHeartbeat(String fileName) {
		return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX);
	}

	static Optional<HeartbeatName> parse(String fileName) {
		return parse(FORM, fileName);
	}

	static Optional<HeartbeatName> parseStaging(String fileName) {
		return parse(STAGING_FORM, fileName);
	}

	private static Optional<HeartbeatName> parse(Pattern form, String fileName) {
		Matcher matcher = form.matcher(fileName);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new HeartbeatName(Long.parseLong(matcher.group(1)), matcher.group(2)));
	}

}
