package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.WatchService;

/**
 * Where a {@link NativeDirectoryWatch} gets its watch service: the file system's own, or
 * in tests one that fails as an exhausted system does.
 */
@FunctionalInterface
public interface WatchServices {

	/** The file system's own watch service. */
	WatchServices SYSTEM = FileSystem::newWatchService;

	/**
	 * Opens a watch service.
	 * @param fileSystem the file system of the directory to watch
	 * @return a new watch service
	 * @throws IOException if none can be opened, for example when inotify's per-user
	 * limit is reached
	 */
	WatchService open(FileSystem fileSystem) throws IOException;

}
