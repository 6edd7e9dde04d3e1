package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import tools.jackson.core.JacksonException;

/**
 * A file of the service's own beside the wrappers directory (the state file, the
 * history), replaced whole: written to a temp file beside it, forced to disk and renamed
 * over it, so that a reader sees the old content or the new, never a part. A failure is
 * logged once while it lasts rather than thrown: losing what it keeps must never stop the
 * scanning. Not thread-safe.
 */
public final class OwnFile {

	private final Path file;

	private final String what;

	private final Logger logger;

	private @Nullable String reportedFailure;

	/**
	 * Creates the writer of one file.
	 * @param file the file
	 * @param what what it holds, for the warning ("presence state", "the history")
	 * @param logger where the warning goes
	 */
	public OwnFile(Path file, String what, Logger logger) {
		this.file = file;
		this.what = what;
		this.logger = logger;
	}

	/**
	 * Replaces the file's content.
	 * @param content what it is to hold, produced here so that a failure to serialise is
	 * reported like one to write
	 * @return whether it was written
	 */
	public boolean replace(Supplier<byte[]> content) {
		try {
			write(content.get());
			this.reportedFailure = null;
			return true;
		}
		catch (IOException | JacksonException ex) {
			String failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (!failure.equals(this.reportedFailure)) {
				this.logger.warn("Cannot save {} to {}: {}", this.what, SafeText.of(this.file), SafeText.of(failure));
			}
			this.reportedFailure = failure;
			return false;
		}
	}

	private void write(byte[] content) throws IOException {
		Files.createDirectories(this.file.getParent());
		Path temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
		try (FileChannel channel = createExclusively(temp)) {
			ByteBuffer buffer = ByteBuffer.wrap(content);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
			Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
	}

	// CREATE_NEW neither opens an existing file nor follows a link planted at the name.
	// Whatever already has the name is a save cut off by a crash, or a plant; the name is
	// ours, so it is unlinked (which never touches a link's target) and taken once more.
	// Should someone plant again in between, this save fails and the next one retries.
	private static FileChannel createExclusively(Path temp) throws IOException {
		try {
			return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}
		catch (FileAlreadyExistsException ex) {
			Files.delete(temp);
			return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}
	}

}
