package dev.iaimcp.heartbeat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Writes heartbeat files the way the real wrappers do, for tests.
 */
public final class HeartbeatFiles {

	private HeartbeatFiles() {
	}

	public static Path write(Path dir, long pid, String uuid, Instant lastRefresh) {
		return write(dir, pid, uuid, lastRefresh.minusSeconds(600), lastRefresh);
	}

	public static Path write(Path dir, long pid, String uuid, Instant startedAt, Instant lastRefresh) {
		String payload = """
				{"pid": %d, "uuid": "%s", "started_at": "%s", "last_refresh": "%s",
				 "wrapper_version": "1.0.0", "schema_version": 1}
				""".formatted(pid, uuid, startedAt, lastRefresh);
		return writeRaw(dir, "heartbeat-" + pid + "-" + uuid + ".json", payload, lastRefresh);
	}

	public static Path writeRaw(Path dir, String name, String content, Instant modified) {
		return writeRaw(dir, name, content.getBytes(StandardCharsets.UTF_8), modified);
	}

	public static Path writeRaw(Path dir, String name, byte[] content, Instant modified) {
		try {
			Files.createDirectories(dir);
			Path file = dir.resolve(name);
			Files.write(file, content);
			Files.setLastModifiedTime(file, FileTime.from(modified));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
