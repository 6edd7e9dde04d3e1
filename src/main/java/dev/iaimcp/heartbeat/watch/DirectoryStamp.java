package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one {@code stat} of a directory tells about its entries, compared between polls.
 * Creating, deleting or renaming an entry changes the directory's modification time; the
 * file key (device and inode) changes when the path leads to another directory (it was
 * moved away and recreated, or a link was repointed); the size changes with the number of
 * entries on APFS and HFS+, which tells creations and deletions apart even within one
 * tick of a coarse clock. Only basic attributes: reading the link count too, through the
 * {@code unix} view's named attributes, cost as much again as the {@code stat} itself.
 *
 * @param fileKey the directory's identity, or {@code null} when the path cannot be read
 * @param modified the directory's modification time, or {@code null} when it cannot be
 * read
 * @param size the directory's size
 * @param failure why the path cannot be read ({@code "missing"} when it does not exist),
 * or {@code null}
 */
record DirectoryStamp(@Nullable Object fileKey, @Nullable Instant modified, long size, @Nullable String failure) {

	/**
	 * Modification times of HFS+ (and of FAT, 2 s) have no fraction of a second; a time
	 * with one comes from a file system that keeps at least milliseconds, yet may tick
	 * only every few milliseconds (Linux stamps files from a coarse clock).
	 */
	private static final Duration WHOLE_SECOND_GRANULE = Duration.ofSeconds(2);

	private static final Duration FINE_GRANULE = Duration.ofMillis(50);

	/**
	 * Reads the stamp of a directory, following links; never throws.
	 * @param dir the directory
	 * @return its stamp, or one that records why it cannot be read
	 */
	static DirectoryStamp of(Path dir) {
		try {
			return read(dir);
		}
		catch (NoSuchFileException ex) {
			return failed("missing");
		}
		catch (IOException | RuntimeException ex) {
			return failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	/**
	 * Whether a change could have been made since this stamp was read without changing
	 * it: the modification time was still inside the file system's clock granule then.
	 * @param readAt when this stamp was read
	 * @return whether a change could hide behind this stamp
	 */
	boolean couldHideAChange(Instant readAt) {
		return this.modified != null && readAt.isBefore(settledAt());
	}

	/**
	 * When the file system's clock will have moved past this stamp's modification time,
	 * so that any later change shows in the stamp.
	 * @return the instant, or {@link Instant#MIN} when there is no modification time
	 */
	Instant settledAt() {
		if (this.modified == null) {
			return Instant.MIN;
		}
		return this.modified.plus((this.modified.getNano() == 0) ? WHOLE_SECOND_GRANULE : FINE_GRANULE);
	}

	private static DirectoryStamp read(Path dir) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
		return new DirectoryStamp(attributes.fileKey(), attributes.lastModifiedTime().toInstant(), attributes.size(),
				null);
	}

	private static DirectoryStamp failed(String failure) {
		return new DirectoryStamp(null, null, -1, failure);
	}

}
