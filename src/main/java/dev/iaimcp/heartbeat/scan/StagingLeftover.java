package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A writer's staging file ({@code heartbeat-<pid>-<uuid>.json.<uuid>.tmp}) that its dead
 * writer never renamed into place.
 *
 * @param file the staging file
 * @param pid the writer's pid, from the name
 * @param modified when it was written
 * @param stamp the version of the file that was judged
 */
public record StagingLeftover(Path file, long pid, Instant modified, FileStamp stamp) {
}
