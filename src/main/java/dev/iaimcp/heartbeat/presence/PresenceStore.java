package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link PresenceMemory} in a small JSON file, replaced atomically so that a crash
 * leaves either the old or the new content, never a torn one.
 */
final class PresenceStore {

	static final String FILE_NAME = "heartbeat-scanner-state.json";

	/** How far ahead of our clock a remembered instant may be before the file is distrusted. */
	static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(PresenceStore.class);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final Path file;

	private final Clock clock;

	private @Nullable String reportedFailure;

	PresenceStore(Path file, Clock clock) {
		this.file = Objects.requireNonNull(file, "'file' must not be null");
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
	 * Reads what the previous run remembered.
	 * @return the memory, or empty when there is none or it cannot be trusted
	 */
	Optional<PresenceMemory> load() {
		PresenceMemory memory;
		try {
			memory = this.mapper.readValue(Files.readAllBytes(this.file), PresenceMemory.class);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			return ignore("unreadable (" + ex + ")");
		}
		catch (JacksonException ex) {
			return ignore("not valid (" + ex.getOriginalMessage() + ")");
		}
		if (memory == null) {
			return ignore("empty");
		}
		Instant latest = latest(memory);
		if (latest.isAfter(this.clock.instant().plus(CLOCK_SKEW_TOLERANCE))) {
			return ignore("dated in the future (" + latest + ")");
		}
		return Optional.of(memory);
	}

	/**
	 * Replaces the file with the given memory. A failure is logged (once while it lasts)
	 * rather than thrown: losing the memory must not stop the scanning.
	 * @param memory what to remember
	 * @return whether it was written
	 */
	boolean save(PresenceMemory memory) {
		try {
			write(this.mapper.writeValueAsBytes(memory));
			this.reportedFailure = null;
			return true;
		}
		catch (IOException | JacksonException ex) {
			String failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (!failure.equals(this.reportedFailure)) {
				logger.warn("Cannot save presence state to {}: {}", this.file, failure);
			}
			this.reportedFailure = failure;
			return false;
		}
	}

	private void write(byte[] content) throws IOException {
		Files.createDirectories(this.file.getParent());
		Path temp = this.file.resolveSibling(FILE_NAME + ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer buffer = ByteBuffer.wrap(content);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
		Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private Optional<PresenceMemory> ignore(String why) {
		logger.warn("Ignoring the presence state in {}: {}", this.file, why);
		return Optional.empty();
	}

	private static Instant latest(PresenceMemory memory) {
		return Stream.of(memory.since(), memory.lastFreshAt(), memory.lastPresenceAt())
			.filter(Objects::nonNull)
			.max(Instant::compareTo)
			.orElseThrow();
	}

}
