package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

/**
 * Reads a file that anyone who can write beside it may have put there, the one way both
 * the scan reads a heartbeat and the service its state file: judged by a stat that does
 * not follow links, opened only when it is a regular file (opening a FIFO would block the
 * reader, a device may never end) and never through a link, and no more read of it than a
 * limit. Not thread-safe: it reuses one buffer.
 */
public final class UntrustedFileReader {

	static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

	private final int maxBytes;

	private final byte[] buffer;

	private final ByteBuffer bytes;

	/**
	 * Creates a reader.
	 * @param maxBytes the most a file may hold to be read
	 */
	public UntrustedFileReader(int maxBytes) {
		this.maxBytes = maxBytes;
		this.buffer = new byte[maxBytes + 1];
		this.bytes = ByteBuffer.wrap(this.buffer);
	}

	/**
	 * Reads a file judged by a stat of its own.
	 * @param file the file
	 * @return what it holds, or why it was not read
	 * @throws java.nio.file.NoSuchFileException when it is gone
	 * @throws IOException when it cannot be read
	 */
	public Content read(Path file) throws IOException {
		return read(file, FileFacts.of(Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW)));
	}

	Content read(Path file, FileFacts facts) throws IOException {
		String refused = whyRefused(facts);
		if (refused != null) {
			return new Content.Refused(refused);
		}
		if (facts.size() > this.maxBytes) {
			return Content.TooLarge.INSTANCE;
		}
		int length = readAtMostLimit(file);
		return (length > this.maxBytes) ? Content.TooLarge.INSTANCE : new Content.Bytes(this.buffer, length);
	}

	/**
	 * Why a file is never opened, for a reader that reads it its own way (the newest part
	 * of the history, say), or {@code null} when it may be.
	 * @param file the file, judged by a stat that does not follow links
	 * @return the reason, or {@code null}
	 * @throws java.nio.file.NoSuchFileException when it is gone
	 * @throws IOException when it cannot be judged
	 */
	public static @Nullable String whyRefused(Path file) throws IOException {
		return whyRefused(FileFacts.of(Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW)));
	}

	/**
	 * Why a file is never opened, nor deleted by the scan, or {@code null} when it may
	 * be.
	 * @param facts the file's facts, from a stat that did not follow links
	 * @return the reason, or {@code null}
	 */
	static @Nullable String whyRefused(FileFacts facts) {
		if (facts.symbolicLink()) {
			return "symbolic link";
		}
		if (facts.directory()) {
			return "directory";
		}
		if (!facts.regularFile()) {
			return "not a regular file";
		}
		return null;
	}

	// One read: a regular file yields all it has up to the limit; a shorter read means a
	// torn write, which the caller's parsing then rejects like any other.
	private int readAtMostLimit(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW)) {
			return Math.max(0, channel.read(this.bytes.clear()));
		}
	}

	/**
	 * What reading a file gave.
	 */
	public sealed interface Content {

		/**
		 * The file was not opened.
		 *
		 * @param reason why, in a few words
		 */
		record Refused(String reason) implements Content {
		}

		/** The file holds more than the limit; what was read of it is not kept. */
		enum TooLarge implements Content {

			/** The one instance. */
			INSTANCE

		}

		/**
		 * What the file holds, in the reader's buffer until its next read.
		 *
		 * @param buffer the reader's buffer
		 * @param length how many of its bytes the file filled
		 */
		record Bytes(byte[] buffer, int length) implements Content {
		}

	}

}
