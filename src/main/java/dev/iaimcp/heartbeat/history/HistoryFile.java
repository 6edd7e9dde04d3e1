package dev.iaimcp.heartbeat.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.OwnFile;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.scan.UntrustedFileReader;

/**
 * The history in a file of JSON lines beside the wrappers directory, one
 * {@link HistoryEvent} a line, oldest first, replaced atomically. Anyone who can write
 * there can put anything at its name, so it is read like the state file: no link, FIFO or
 * device is opened, at most {@link #MAX_BYTES} (the newest) are read, and a line that is
 * too long or not an event is skipped, with one warning for them all. Only the running
 * service writes it.
 */
public final class HistoryFile {

	static final String FILE_NAME = "heartbeat-scanner-history.jsonl";

	/** An event takes about 200 bytes; a longer line is not ours. */
	static final int MAX_LINE_BYTES = 1024;

	/** Room for a full history of the longest lines. */
	static final int MAX_BYTES = 1024 * 1024;

	/** Before any wrapper existed: an earlier date is a forged or corrupt line. */
	static final Instant EARLIEST_TRUSTED = Instant.parse("2000-01-01T00:00:00Z");

	private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

	private static final Logger logger = LoggerFactory.getLogger(HistoryFile.class);

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path file;

	private final OwnFile writer;

	private final Clock clock;

	HistoryFile(Path file, Clock clock) {
		this.file = Objects.requireNonNull(file, "'file' must not be null");
		this.writer = new OwnFile(file, "the history", logger);
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	/**
	 * The history file of a wrappers directory: beside it, with the state file, so that
	 * its writes never wake a watcher of the directory.
	 * @param wrappersDir the wrappers directory
	 * @param clock the clock, to refuse events dated in the future
	 * @return the file
	 */
	public static HistoryFile beside(Path wrappersDir, Clock clock) {
		Path parent = wrappersDir.toAbsolutePath().getParent();
		return new HistoryFile((parent != null) ? parent.resolve(FILE_NAME) : wrappersDir.resolve(FILE_NAME), clock);
	}

	Path path() {
		return this.file;
	}

	/**
	 * Reads the history a previous run kept.
	 * @return its newest {@link PresenceHistory#CAPACITY} events, oldest first; none when
	 * there is no file or it cannot be trusted
	 */
	public List<HistoryEvent> load() {
		byte[] content;
		try {
			String refused = UntrustedFileReader.whyRefused(this.file);
			if (refused != null) {
				return ignore(refused);
			}
			content = readNewest();
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			return ignore("unreadable (" + ex.getClass().getSimpleName() + ")");
		}
		return parse(content);
	}

	// The newest events are at the end: a file grown past the bound is read from where
	// its last MAX_BYTES begin, from the first whole line on.
	private byte[] readNewest() throws IOException {
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ, NOFOLLOW)) {
			long size = channel.size();
			long from = Math.max(0, size - MAX_BYTES);
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, MAX_BYTES));
			int read;
			do {
				read = channel.read(buffer, from + buffer.position());
			}
			while (read > 0 && buffer.hasRemaining());
			byte[] content = new byte[buffer.position()];
			buffer.flip().get(content);
			if (from == 0) {
				return content;
			}
			logger.warn("The history in {} is larger than {} bytes; only its newest lines are read",
					SafeText.of(this.file), MAX_BYTES);
			int firstLine = indexOf(content, (byte) '\n') + 1;
			return Arrays.copyOfRange(content, firstLine, content.length);
		}
	}

	private List<HistoryEvent> parse(byte[] content) {
		ArrayDeque<HistoryEvent> events = new ArrayDeque<>();
		int skipped = 0;
		int start = 0;
		while (start < content.length) {
			int end = indexOf(content, (byte) '\n', start);
			int lineEnd = (end < 0) ? content.length : end;
			if (lineEnd > start) {
				HistoryEvent event = (lineEnd - start <= MAX_LINE_BYTES) ? event(content, start, lineEnd) : null;
				if (event == null) {
					skipped++;
				}
				else {
					events.addLast(event);
					if (events.size() > PresenceHistory.CAPACITY) {
						events.removeFirst();
					}
				}
			}
			start = lineEnd + 1;
		}
		if (skipped > 0) {
			logger.warn("Skipped {} lines of the history in {} that are no events of it", skipped,
					SafeText.of(this.file));
		}
		return new ArrayList<>(events);
	}

	private @Nullable HistoryEvent event(byte[] content, int start, int end) {
		HistoryEvent event;
		try {
			event = this.mapper.readValue(content, start, end - start, HistoryEvent.class);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (event == null || event.at().isBefore(EARLIEST_TRUSTED)
				|| event.at().isAfter(this.clock.instant().plus(HeartbeatScanner.CLOCK_SKEW_TOLERANCE))) {
			return null;
		}
		return event;
	}

	/**
	 * Replaces the file with the given events. A failure is logged (once while it lasts)
	 * rather than thrown: losing the history must not stop the scanning.
	 * @param events the events, oldest first, at most {@link PresenceHistory#CAPACITY}
	 * @return whether it was written
	 */
	boolean save(List<HistoryEvent> events) {
		return this.writer.replace(() -> lines(events));
	}

	// A line the reader would skip is not written.
	private byte[] lines(List<HistoryEvent> events) {
		ByteArrayOutputStream lines = new ByteArrayOutputStream(events.size() * 200);
		for (HistoryEvent event : events) {
			byte[] line = this.mapper.writeValueAsBytes(event);
			if (line.length <= MAX_LINE_BYTES) {
				lines.writeBytes(line);
				lines.write('\n');
			}
		}
		return lines.toByteArray();
	}

	private List<HistoryEvent> ignore(String why) {
		logger.warn("Ignoring the history in {}: {}", SafeText.of(this.file), why);
		return List.of();
	}

	private static int indexOf(byte[] content, byte wanted) {
		return indexOf(content, wanted, 0);
	}

	private static int indexOf(byte[] content, byte wanted, int from) {
		for (int i = from; i < content.length; i++) {
			if (content[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}
