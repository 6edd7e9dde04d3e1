package dev.iaimcp.heartbeat.runner;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.presence.PresenceTransition;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * Published after every scan the {@link ScanRunner} runs, once its snapshot is the
 * latest; listeners run on the scanning thread and must be quick.
 *
 * @param scan what the scan found
 * @param cleanup what the cleanup after it deleted, {@code null} when none ran
 * @param transition what the scan did to presence
 * @param askedBy what ran the scan
 */
public record ScanCompletedEvent(Scan scan, @Nullable Cleanup cleanup, PresenceTransition transition, AskedBy askedBy) {

	/**
	 * What ran a scan.
	 */
	public enum AskedBy {

		/** The tick. */
		TICK,

		/**
		 * A request between ticks: POST /actuator/presence or a watch that saw a change.
		 */
		REQUEST

	}

}
