package dev.iaimcp.heartbeat.watch;

import java.nio.file.Path;

import org.slf4j.Logger;

import dev.iaimcp.heartbeat.scan.SafeText;

/**
 * What every kind of watch does with a change it saw.
 */
final class ChangeReports {

	private ChangeReports() {
	}

	/**
	 * Calls back. A rescan that fails is logged, in the watch's own logger, and the watch
	 * goes on: the tick rescans as scheduled.
	 * @param onChange what to call
	 * @param dir the watched directory
	 * @param logger the watch's logger
	 */
	static void report(Runnable onChange, Path dir, Logger logger) {
		try {
			onChange.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Rescan after a change in {} failed; the tick runs as scheduled: {}", SafeText.of(dir),
					SafeText.failure(ex));
		}
	}

}
