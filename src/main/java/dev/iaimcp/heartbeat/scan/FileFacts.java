package dev.iaimcp.heartbeat.scan;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the scan judges a file by, from one stat that did not follow links.
 *
 * @param symbolicLink whether it is a symbolic link
 * @param directory whether it is a directory
 * @param regularFile whether it is a regular file (not a FIFO, socket or device)
 * @param size its size in bytes
 * @param uid its owner's uid, or {@code null} when not asked for
 * @param stamp its identity and modification time
 */
record FileFacts(boolean symbolicLink, boolean directory, boolean regularFile, long size, @Nullable Integer uid,
		FileStamp stamp) {

	static FileFacts of(BasicFileAttributes attributes) {
		return new FileFacts(attributes.isSymbolicLink(), attributes.isDirectory(), attributes.isRegularFile(),
				attributes.size(), null, FileStamp.of(attributes));
	}

	static FileFacts of(Map<String, Object> unixAttributes) {
		return new FileFacts(Boolean.TRUE.equals(unixAttributes.get("isSymbolicLink")),
				Boolean.TRUE.equals(unixAttributes.get("isDirectory")),
				Boolean.TRUE.equals(unixAttributes.get("isRegularFile")), (Long) unixAttributes.get("size"),
				(Integer) unixAttributes.get("uid"),
				new FileStamp(unixAttributes.get("fileKey"), (FileTime) unixAttributes.get("lastModifiedTime")));
	}

}
