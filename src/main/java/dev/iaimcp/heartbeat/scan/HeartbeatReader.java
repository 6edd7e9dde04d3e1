package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonParser.NumberType;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.scan.UntrustedFileReader.Content;

/**
 * Reads one heartbeat file defensively, through an {@link UntrustedFileReader} of at most
 * {@link #MAX_BYTES}, and only when its owner is the one trusted. Not thread-safe: it
 * reuses one buffer, so each scan uses its own reader.
 */
final class HeartbeatReader {

	static final int MAX_BYTES = 64 * 1024;

	/**
	 * The longest uuid a payload may carry: the longest a file name can hold. A longer
	 * one would only multiply memory in every copy of the entry.
	 */
	static final int MAX_UUID_LENGTH = 255;

	private static final LinkOption NOFOLLOW = UntrustedFileReader.NOFOLLOW;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final UntrustedFileReader bounded = new UntrustedFileReader(MAX_BYTES);

	private static final String UNIX_ATTRIBUTES = FileOwners.UNIX_VIEW
			+ ":uid,isRegularFile,isDirectory,isSymbolicLink,size,lastModifiedTime,fileKey";

	private final @Nullable Integer trustedUid;

	HeartbeatReader(@Nullable Integer trustedUid) {
		this.trustedUid = trustedUid;
	}

	Reading read(Path file, HeartbeatName name) {
		try {
			FileFacts attributes = attributesOf(file);
			String untrusted = whyUntrusted(attributes);
			if (untrusted != null) {
				return new Reading.Skipped(untrusted);
			}
			Content content = this.bounded.read(file, attributes);
			if (content instanceof Content.Refused refused) {
				return new Reading.Skipped(refused.reason());
			}
			return new Reading.Found((content instanceof Content.Bytes payload) ? interpret(name, attributes, payload)
					: fromName(name, attributes));
		}
		catch (NoSuchFileException ex) {
			return Reading.Vanished.INSTANCE;
		}
		catch (IOException ex) {
			return new Reading.Skipped("unreadable: " + ex.getClass().getSimpleName());
		}
	}

	FileFacts attributesOf(Path file) throws IOException {
		if (this.trustedUid == null) {
			return FileFacts.of(Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW));
		}
		return FileFacts.of(Files.readAttributes(file, UNIX_ATTRIBUTES, NOFOLLOW));
	}

	/**
	 * Why a file may be neither read nor deleted, or {@code null} when it may.
	 * @param attributes the file's attributes, read without following links
	 * @return the reason, or {@code null}
	 */
	@Nullable String whyUntrusted(FileFacts attributes) {
		String refused = UntrustedFileReader.whyRefused(attributes);
		if (refused != null) {
			return refused;
		}
		if (this.trustedUid != null && !this.trustedUid.equals(attributes.uid())) {
			return "owned by uid " + attributes.uid();
		}
		return null;
	}

	// A torn or oversized payload is judged by the file's name and age, as the seed does.
	private Heartbeat interpret(HeartbeatName name, FileFacts attributes, Content.Bytes payload) {
		return parsePayload(payload, attributes.stamp().lastModified().toInstant(), attributes.stamp())
			.orElseGet(() -> fromName(name, attributes));
	}

	private static Heartbeat fromName(HeartbeatName name, FileFacts attributes) {
		return new Heartbeat(name.pid(), name.uuid(), null, null, attributes.stamp().lastModified().toInstant(),
				attributes.stamp());
	}

	/**
	 * Streams the payload for the fields the seed reads: an integer {@code pid}, a string
	 * {@code uuid} (absent means empty) of at most {@link #MAX_UUID_LENGTH} characters
	 * and a string {@code last_refresh}. Anything else about them, or a document that is
	 * not one JSON object, makes the payload unusable.
	 * @param payload the file's content
	 * @param modified the file's modification time
	 * @param stamp the version of the file that was read
	 * @return the heartbeat the payload describes, or empty when it is unusable
	 */
	private Optional<Heartbeat> parsePayload(Content.Bytes payload, Instant modified, FileStamp stamp) {
		Fields fields = new Fields();
		try (JsonParser parser = JSON.createParser(payload.buffer(), 0, payload.length())) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				fields.read(name, parser.nextToken(), parser);
				parser.skipChildren();
			}
			if (parser.nextToken() != null) {
				return Optional.empty();
			}
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		return fields.toHeartbeat(modified, stamp);
	}

	/**
	 * The payload's fields as last seen: like the seed's json.loads, a repeated key wins.
	 */
	private static final class Fields {

		private @Nullable Long pid;

		private @Nullable String uuid = "";

		private @Nullable String lastRefresh;

		private @Nullable String startedAt;

		void read(String name, JsonToken value, JsonParser parser) {
			switch (name) {
				case "pid" -> this.pid = isLong(value, parser) ? parser.getLongValue() : null;
				case "uuid" ->
					this.uuid = (value == JsonToken.VALUE_STRING && parser.getStringLength() <= MAX_UUID_LENGTH)
							? parser.getString() : null;
				case "last_refresh" -> this.lastRefresh = stringOrNull(value, parser);
				case "started_at" -> this.startedAt = stringOrNull(value, parser);
				default -> {
				}
			}
		}

		Optional<Heartbeat> toHeartbeat(Instant modified, FileStamp stamp) {
			if (this.pid == null || this.uuid == null || this.lastRefresh == null) {
				return Optional.empty();
			}
			Instant startedAt = (this.startedAt != null) ? Timestamps.parse(this.startedAt).orElse(null) : null;
			long pid = this.pid;
			String uuid = this.uuid;
			return Timestamps.parse(this.lastRefresh)
				.map((refreshed) -> new Heartbeat(pid, uuid, startedAt, refreshed, modified, stamp));
		}

		private static boolean isLong(JsonToken value, JsonParser parser) {
			return value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != NumberType.BIG_INTEGER;
		}

		private static @Nullable String stringOrNull(JsonToken value, JsonParser parser) {
			return (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
		}

	}

	sealed interface Reading {

		record Found(Heartbeat heartbeat) implements Reading {
		}

		record Skipped(String reason) implements Reading {
		}

		enum Vanished implements Reading {

			/** The file was gone by the time it was read. */
			INSTANCE

		}

	}

}
