package dev.iaimcp.heartbeat.scan;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Identity of one version of a file: a writer's atomic rename produces a new stamp.
 *
 * @param fileKey the file system's key for the file (an inode), may be {@code null}
 * @param lastModified the file's modification time
 */
public record FileStamp(Object fileKey, FileTime lastModified) {

	public static FileStamp of(BasicFileAttributes attributes) {
		return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime());
	}

}
