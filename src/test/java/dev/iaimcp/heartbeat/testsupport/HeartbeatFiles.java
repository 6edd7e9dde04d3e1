package dev.iaimcp.heartbeat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import dev.iaimcp.heartbeat.scan.WrapperHeartbeat;

/**
 * Writes heartbeat files for tests: the way the real wrappers do, or any content at all.
 */
public final class HeartbeatFiles {

	private HeartbeatFiles() {
	}

	public static Path write(Path dir, long pid, String uuid, Instant lastRefresh) {
		return write(dir, pid, uuid, lastRefresh.minusSeconds(600), lastRefresh);
	}

	/**
	 * Writes a heartbeat as a wrapper does (see {@link WrapperHeartbeat}), modified at
	 * its last refresh by the test's clock rather than the file system's.
	 * @param dir the wrappers directory
	 * @param pid the wrapper's pid
	 * @param uuid the wrapper's uuid
	 * @param startedAt when the wrapper started
	 * @param lastRefresh when it last refreshed
	 * @return the heartbeat file
	 */
	public static Path write(Path dir, long pid, String uuid, Instant startedAt, Instant lastRefresh) {
		try {
			Files.createDirectories(dir);
			Path file = new WrapperHeartbeat(dir, pid, uuid, startedAt, "1.0.0").write(lastRefresh);
			Files.setLastModifiedTime(file, FileTime.from(lastRefresh));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
