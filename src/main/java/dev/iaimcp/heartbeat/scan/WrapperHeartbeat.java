package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;

/**
 * A heartbeat kept the way the MCP wrappers keep theirs, so that whoever stands in for
 * one ({@code verify}, the tests) writes exactly what the scan reads: the file
 * {@code heartbeat-<pid>-<uuid>.json}, each version staged in
 * {@code heartbeat-<pid>-<uuid>.json.<uuid>.tmp} and renamed into place,
 * {@code started_at} fixed when the wrapper starts and {@code last_refresh} new at each
 * write, times as JavaScript's {@code toISOString()} writes them.
 */
public final class WrapperHeartbeat {

	/** How often a wrapper refreshes its heartbeat. */
	public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

	private static final DateTimeFormatter TO_ISO_STRING = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Path file;

	private final long pid;

	private final String uuid;

	private final String startedAt;

	private final String wrapperVersion;

	/**
	 * A wrapper's heartbeat, not yet written.
	 * @param dir the wrappers directory
	 * @param pid the wrapper's pid
	 * @param uuid the wrapper's uuid
	 * @param startedAt when the wrapper started
	 * @param wrapperVersion the version it reports
	 */
	public WrapperHeartbeat(Path dir, long pid, String uuid, Instant startedAt, String wrapperVersion) {
		this.file = dir.resolve(HeartbeatName.PREFIX + pid + "-" + uuid + HeartbeatName.SUFFIX);
		this.pid = pid;
		this.uuid = Objects.requireNonNull(uuid, "'uuid' must not be null");
		this.startedAt = toIsoString(startedAt);
		this.wrapperVersion = Objects.requireNonNull(wrapperVersion, "'wrapperVersion' must not be null");
	}

	/**
	 * A time as a wrapper writes it.
	 * @param time the time
	 * @return the time in UTC to the millisecond, as {@code Date.toISOString()} has it
	 */
	public static String toIsoString(Instant time) {
		return TO_ISO_STRING.format(time);
	}

	public Path file() {
		return this.file;
	}

	/**
	 * Writes (or refreshes) the heartbeat, replacing the previous version at once.
	 * @param lastRefresh the refresh time it carries
	 * @return the heartbeat file
	 * @throws IOException if it cannot be written
	 */
	public Path write(Instant lastRefresh) throws IOException {
		Path staged = this.file.resolveSibling(this.file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			Files.writeString(staged, payload(toIsoString(lastRefresh)));
			Files.move(staged, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return this.file;
		}
		finally {
			Files.deleteIfExists(staged);
		}
	}

	private String payload(String lastRefresh) {
		return """
				{"pid":%d,"uuid":"%s","started_at":"%s","last_refresh":"%s","wrapper_version":"%s","schema_version":1}
				""".formatted(this.pid, this.uuid, this.startedAt, lastRefresh, this.wrapperVersion).strip();
	}

}
