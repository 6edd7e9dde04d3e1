package dev.iaimcp.heartbeat.presence;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * Told about every scan the {@link PresenceMonitor} runs, after its snapshot is published.
 */
@FunctionalInterface
interface ScanListener {

	/**
	 * Called on the scanning thread; must be quick and must not throw.
	 * @param scan what the scan found
	 * @param cleanup what the cleanup after it deleted, {@code null} when none ran
	 */
	void scanned(Scan scan, @Nullable Cleanup cleanup);

}
