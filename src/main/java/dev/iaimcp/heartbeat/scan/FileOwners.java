package dev.iaimcp.heartbeat.scan;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;

import com.sun.security.auth.module.UnixSystem;
import org.jspecify.annotations.Nullable;

/**
 * Finds whom heartbeat files must belong to before they are trusted or deleted. Owners
 * are compared by uid: asking a file for its owner's name costs a password database
 * lookup per file.
 */
public final class FileOwners {

	static final String UNIX_VIEW = "unix";

	private FileOwners() {
	}

	/**
	 * The uid of the user running this process, for files on the given file system.
	 * @param fileSystem the file system holding the wrappers directory
	 * @return the uid, or {@code null} where files there carry no unix owner
	 */
	public static @Nullable Integer currentUid(FileSystem fileSystem) {
		if (fileSystem != FileSystems.getDefault() || !fileSystem.supportedFileAttributeViews().contains(UNIX_VIEW)) {
			return null;
		}
		return (int) new UnixSystem().getUid();
	}

}
