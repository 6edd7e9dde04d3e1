package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Rescans as soon as the wrappers directory changes, as {@code iai.heartbeat.watch} says;
 * the tick stays the fallback and still drives cleanup and the time-based transitions.
 */
class WrappersWatch implements SmartLifecycle {

	static final Duration QUIET_PERIOD = Duration.ofMillis(250);

	static final Duration MAX_DELAY = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(WrappersWatch.class);

	private final HeartbeatProperties properties;

	private final DirectoryWatcher watcher;

	private volatile boolean running;

	// Only the tick cleans up: a rescan that writes nothing cannot wake the watcher again.
	WrappersWatch(HeartbeatProperties properties, PresenceMonitor monitor) {
		this.properties = properties;
		this.watcher = new DirectoryWatcher(properties.wrappersDir(), QUIET_PERIOD, MAX_DELAY,
				() -> monitor.scanNow(false));
	}

	@Override
	public void start() {
		if (this.properties.watch() != WatchMode.OFF) {
			watch();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			this.watcher.stop();
		}
		catch (IOException ex) {
			logger.debug("Failed to close the watch service", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void watch() {
		try {
			this.watcher.start();
		}
		catch (IOException | UnsupportedOperationException ex) {
			if (this.properties.watch() == WatchMode.ON) {
				throw new IllegalStateException("iai.heartbeat.watch is 'on' but " + this.properties.wrappersDir()
						+ " cannot be watched: " + ex, ex);
			}
			logger.warn("Cannot watch {}; changes are seen on the tick only: {}", this.properties.wrappersDir(),
					ex.toString());
		}
	}

}
