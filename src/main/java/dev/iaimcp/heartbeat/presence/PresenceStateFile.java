package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.OwnFile;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.scan.UntrustedFileReader;
import dev.iaimcp.heartbeat.scan.UntrustedFileReader.Content;

/**
 * Keeps {@link PresenceRecord} in a small JSON file, replaced atomically so that a crash
 * leaves either the old or the new content, never a torn one. Anyone who can write beside
 * the wrappers directory can put anything at its name, so it is read like a heartbeat and
 * written through a temporary file that no link can redirect.
 */
final class PresenceStateFile {

	static final String FILE_NAME = "heartbeat-scanner-state.json";

	/** The file holds about 150 bytes; more than this is not ours. */
	static final int MAX_BYTES = 4096;

	/**
	 * Before any wrapper existed: an earlier date is a corrupt or forged file, not a
	 * memory.
	 */
	static final Instant EARLIEST_TRUSTED = Instant.parse("2000-01-01T00:00:00Z");

	private static final Logger logger = LoggerFactory.getLogger(PresenceStateFile.class);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Path file;

	private final OwnFile writer;

	private final Clock clock;

	PresenceStateFile(Path file, Clock clock) {
		this.file = Objects.requireNonNull(file, "'file' must not be null");
		this.writer = new OwnFile(file, "presence state", logger);
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	/**
	 * The state file of a wrappers directory: beside it, so that it survives the
	 * directory being emptied and its changes never wake a watcher of it.
	 * @param wrappersDir the wrappers directory
	 * @return the state file
	 */
	static Path beside(Path wrappersDir) {
		Path parent = wrappersDir.toAbsolutePath().getParent();
		return (parent != null) ? parent.resolve(FILE_NAME) : wrappersDir.resolve(FILE_NAME);
	}

	/**
	 * Reads what the previous run remembered, as defensively as a heartbeat (see
	 * {@link UntrustedFileReader}): a link, a FIFO, a device or anything larger than
	 * {@link #MAX_BYTES} is never opened or read.
	 * @return the memory, or empty when there is none or it cannot be trusted
	 */
	Optional<PresenceRecord> load() {
		Content content;
		try {
			content = new UntrustedFileReader(MAX_BYTES).read(this.file);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			return ignore("unreadable (" + ex.getClass().getSimpleName() + ")");
		}
		if (content instanceof Content.Refused refused) {
			return ignore(refused.reason());
		}
		if (content instanceof Content.Bytes bytes) {
			return parse(bytes);
		}
		return ignore("larger than " + MAX_BYTES + " bytes");
	}

	// Jackson's messages quote the offending input; the warning must not.
	private Optional<PresenceRecord> parse(Content.Bytes content) {
		PresenceRecord memory;
		try {
			memory = this.mapper.readValue(content.buffer(), 0, content.length(), PresenceRecord.class);
		}
		catch (JacksonException ex) {
			TokenStreamLocation at = ex.getLocation();
			return ignore("not a valid presence state"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""));
		}
		if (memory == null) {
			return ignore("empty");
		}
		Instant latest = latest(memory);
		if (latest.isAfter(this.clock.instant().plus(HeartbeatScanner.CLOCK_SKEW_TOLERANCE))) {
			return ignore("dated in the future (" + latest + ")");
		}
		Instant earliest = earliest(memory);
		if (earliest.isBefore(EARLIEST_TRUSTED)) {
			return ignore("dated before 2000 (" + earliest + ")");
		}
		return Optional.of(memory);
	}

	/**
	 * Replaces the file with the given memory. A failure is logged (once while it lasts)
	 * rather than thrown: losing the memory must not stop the scanning.
	 * @param memory what to remember
	 * @return whether it was written
	 */
	boolean save(PresenceRecord memory) {
		return this.writer.replace(() -> this.mapper.writeValueAsBytes(memory));
	}

	private Optional<PresenceRecord> ignore(String why) {
		logger.warn("Ignoring the presence state in {}: {}", SafeText.of(this.file), why);
		return Optional.empty();
	}

	private static Instant latest(PresenceRecord memory) {
		return instants(memory).max(Instant::compareTo).orElseThrow();
	}

	private static Instant earliest(PresenceRecord memory) {
		return instants(memory).min(Instant::compareTo).orElseThrow();
	}

	private static Stream<Instant> instants(PresenceRecord memory) {
		return Stream.of(memory.since(), memory.lastFreshAt(), memory.lastPresenceAt()).filter(Objects::nonNull);
	}

}
