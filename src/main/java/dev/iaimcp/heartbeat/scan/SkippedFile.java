package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;

/**
 * A file whose name looks like a heartbeat but that is not one we may trust or touch.
 *
 * @param file the file
 * @param reason why it was skipped, for the log
 */
public record SkippedFile(Path file, String reason) {
}
