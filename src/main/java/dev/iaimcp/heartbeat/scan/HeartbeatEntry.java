package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One heartbeat file as judged by one scan.
 *
 * @param file the heartbeat file
 * @param pid the writer's pid (from the payload, or the file name when the payload is
 * unusable)
 * @param uuid the writer's uuid (likewise)
 * @param lastRefresh when the writer last refreshed it (the payload's, or the file's
 * mtime)
 * @param status the verdict
 * @param processAlive whether a process with the pid was running at the scan
 * @param stamp the version of the file that was judged
 */
public record HeartbeatEntry(Path file, long pid, String uuid, Instant lastRefresh, HeartbeatStatus status,
		boolean processAlive, FileStamp stamp) {

	/**
	 * The verdict in words, for logs; built on demand because a scan may judge many files
	 * and log none.
	 * @return why the entry has its status
	 */
	public String reason() {
		return switch (this.status) {
			case STALE -> "last refreshed at " + this.lastRefresh;
			case ORPHAN -> this.processAlive ? "pid " + this.pid + " now belongs to a newer process"
					: "pid " + this.pid + " is not running";
			case FRESH -> "pid " + this.pid + " is running";
		};
	}

}
