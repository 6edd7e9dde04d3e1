package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One heartbeat file as judged by one scan.
 *
 * @param file the heartbeat file
 * @param pid the writer's pid (from the payload, or the file name when the payload is unusable)
 * @param uuid the writer's uuid (likewise)
 * @param lastRefresh when the writer last refreshed it (the payload's, or the file's mtime)
 * @param status the verdict
 * @param reason the verdict in words, for logs
 * @param processAlive whether a process with the pid was running at the scan
 * @param stamp the version of the file that was judged
 */
public record HeartbeatEntry(Path file, long pid, String uuid, Instant lastRefresh, HeartbeatStatus status,
		String reason, boolean processAlive, FileStamp stamp) {
}
