package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.attribute.UserPrincipal;

import org.jspecify.annotations.Nullable;

/**
 * Finds whom heartbeat files must belong to before they are trusted or deleted.
 */
public final class FileOwners {

	private FileOwners() {
	}

	/**
	 * The user running this process, as an owner of files on the given file system.
	 * @param fileSystem the file system holding the wrappers directory
	 * @return the principal, or {@code null} where the file system has no POSIX owners
	 */
	public static @Nullable UserPrincipal currentUser(FileSystem fileSystem) {
		if (!fileSystem.supportedFileAttributeViews().contains("posix")) {
			return null;
		}
		try {
			return fileSystem.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot look up the current user '" + System.getProperty("user.name")
					+ "' to check who owns heartbeat files", ex);
		}
	}

}
