package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one heartbeat file defensively: links are never followed, only regular files are
 * opened (opening a FIFO would block the scan), and at most {@link #MAX_BYTES} are read.
 * Not thread-safe: it reuses one buffer, so each scan uses its own reader.
 */
final class HeartbeatReader {

	static final int MAX_BYTES = 64 * 1024;

	private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final byte[] buffer = new byte[MAX_BYTES + 1];

	private final @Nullable UserPrincipal trustedOwner;

	HeartbeatReader(@Nullable UserPrincipal trustedOwner) {
		this.trustedOwner = trustedOwner;
	}

	Reading read(Path file, HeartbeatName name) {
		try {
			BasicFileAttributes attributes = attributesOf(file);
			String untrusted = whyUntrusted(attributes);
			if (untrusted != null) {
				return new Reading.Skipped(untrusted);
			}
			int length = readAtMostLimit(file);
			return new Reading.Found(interpret(name, attributes, length));
		}
		catch (NoSuchFileException ex) {
			return Reading.Vanished.INSTANCE;
		}
		catch (IOException ex) {
			return new Reading.Skipped("unreadable: " + ex.getClass().getSimpleName());
		}
	}

	BasicFileAttributes attributesOf(Path file) throws IOException {
		if (this.trustedOwner != null) {
			return Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
		}
		return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
	}

	/**
	 * Why a file may be neither read nor deleted, or {@code null} when it may.
	 * @param attributes the file's attributes, read without following links
	 * @return the reason, or {@code null}
	 */
	@Nullable String whyUntrusted(BasicFileAttributes attributes) {
		if (attributes.isSymbolicLink()) {
			return "symbolic link";
		}
		if (attributes.isDirectory()) {
			return "directory";
		}
		if (!attributes.isRegularFile()) {
			return "not a regular file";
		}
		if (attributes instanceof PosixFileAttributes posix && !posix.owner().equals(this.trustedOwner)) {
			return "owned by " + posix.owner().getName();
		}
		return null;
	}

	private int readAtMostLimit(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
			return in.readNBytes(this.buffer, 0, this.buffer.length);
		}
	}

	private Heartbeat interpret(HeartbeatName name, BasicFileAttributes attributes, int length) {
		Instant modified = attributes.lastModifiedTime().toInstant();
		FileStamp stamp = FileStamp.of(attributes);
		Optional<Heartbeat> fromPayload = (length > MAX_BYTES) ? Optional.empty()
				: parsePayload(length, modified, stamp);
		return fromPayload.orElseGet(() -> new Heartbeat(name.pid(), name.uuid(), null, null, modified, stamp));
	}

	private Optional<Heartbeat> parsePayload(int length, Instant modified, FileStamp stamp) {
		JsonNode payload;
		try {
			payload = JSON.readTree(this.buffer, 0, length);
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (payload == null || !payload.isObject()) {
			return Optional.empty();
		}
		JsonNode pid = payload.path("pid");
		JsonNode uuid = payload.path("uuid");
		JsonNode lastRefresh = payload.path("last_refresh");
		boolean usable = pid.isIntegralNumber() && pid.canConvertToLong() && (uuid.isMissingNode() || uuid.isString())
				&& lastRefresh.isString();
		if (!usable) {
			return Optional.empty();
		}
		return Timestamps.parse(lastRefresh.stringValue())
			.map((refreshed) -> new Heartbeat(pid.longValue(), uuid.asString(""), startedAt(payload), refreshed,
					modified, stamp));
	}

	private static @Nullable Instant startedAt(JsonNode payload) {
		JsonNode startedAt = payload.path("started_at");
		return startedAt.isString() ? Timestamps.parse(startedAt.stringValue()).orElse(null) : null;
	}

	sealed interface Reading {

		record Found(Heartbeat heartbeat) implements Reading {
		}

		record Skipped(String reason) implements Reading {
		}

		enum Vanished implements Reading {

			INSTANCE

		}

	}

}
