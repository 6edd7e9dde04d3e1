package dev.iaimcp.heartbeat.scan;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one heartbeat file says about its writer, before any judgement.
 *
 * @param pid the writer's pid
 * @param uuid the writer's uuid
 * @param startedAt when the writer started, if the payload says
 * @param lastRefresh the payload's {@code last_refresh}, or {@code null} when the payload
 * is unusable and pid and uuid came from the file name
 * @param modified the file's modification time
 * @param stamp the version of the file that was read
 */
record Heartbeat(long pid, String uuid, @Nullable Instant startedAt, @Nullable Instant lastRefresh, Instant modified,
		FileStamp stamp) {
}
