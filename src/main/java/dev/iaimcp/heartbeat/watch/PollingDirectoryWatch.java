package dev.iaimcp.heartbeat.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory by reading its own attributes ({@link DirectoryStamp}, one
 * {@code stat}, never a listing) at a fixed interval. It works the same on every system,
 * so the mode macOS runs is the mode Linux CI tests, and it follows the configured path
 * by construction: each poll looks the path up anew.
 */
final class PollingDirectoryWatch implements DirectoryWatch {

	private static final Logger logger = LoggerFactory.getLogger(PollingDirectoryWatch.class);

	private final Path dir;

	private final Duration interval;

	private final Runnable onChange;

	private final Clock clock;

	private @Nullable Thread thread;

	/**
	 * Set, and the thread unparked, to stop: never an interrupt, which would break a
	 * scan's file reads. A bare park costs half the CPU of a timed wait on a latch, per
	 * poll.
	 */
	private volatile boolean stopping;

	/**
	 * Creates a watch; nothing is polled before {@link #start()}.
	 * @param dir the directory to watch
	 * @param interval time between two polls; a change is reported at the first poll that
	 * sees it
	 * @param onChange what to call
	 * @param clock the wall clock that the file system stamps times with
	 */
	PollingDirectoryWatch(Path dir, Duration interval, Runnable onChange, Clock clock) {
		this.dir = Objects.requireNonNull(dir, "'dir' must not be null").toAbsolutePath();
		this.interval = Objects.requireNonNull(interval, "'interval' must not be null");
		this.onChange = Objects.requireNonNull(onChange, "'onChange' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	@Override
	public synchronized void start() {
		if (this.thread == null) {
			this.stopping = false;
			Thread thread = new Thread(this::run, "heartbeat-watch-poll");
			thread.setDaemon(true);
			thread.start();
			this.thread = thread;
		}
	}

	@Override
	public synchronized void stop() {
		if (this.thread != null) {
			this.stopping = true;
			LockSupport.unpark(this.thread);
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public String name() {
		return "poll";
	}

	private void run() {
		PollDecisions decisions = new PollDecisions();
		long intervalNanos = this.interval.toNanos();
		while (!this.stopping) {
			if (decisions.rescanAfter(DirectoryStamp.of(this.dir), this.clock.instant())) {
				ChangeReports.report(this.onChange, this.dir, logger);
			}
			// May return early (spuriously, or unparked to stop): that only polls sooner.
			LockSupport.parkNanos(this, intervalNanos);
		}
	}

}
