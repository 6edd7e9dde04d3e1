package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

/**
 * Deletes a judged file only if it is still the version that was judged: a wrapper that
 * refreshed in between renamed a new file into place, and keeps it.
 */
public final class Deletion {

	/** Why a file was kept: it is no longer the version that was judged. */
	public static final String CHANGED = "changed since it was judged";

	private Deletion() {
	}

	/**
	 * Deletes the file unless it changed since it was judged.
	 * @param file the heartbeat or staging leftover to delete
	 * @param judged the version of the file that was judged
	 * @return {@code null} when the file is gone now, else why it was kept
	 */
	public static @Nullable String deleteIfUnchanged(Path file, FileStamp judged) {
		try {
			BasicFileAttributes current = Files.readAttributes(file, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!FileStamp.of(current).equals(judged)) {
				return CHANGED;
			}
			Files.delete(file);
			return null;
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			return describe(ex);
		}
	}

	// The file is named beside the reason wherever the reason is shown; without it, the
	// reasons of a thousand failures are one kind, not a thousand.
	private static String describe(IOException ex) {
		String name = ex.getClass().getSimpleName();
		if (ex instanceof FileSystemException failure) {
			return (failure.getReason() != null) ? name + ": " + failure.getReason() : name;
		}
		return name;
	}

}
