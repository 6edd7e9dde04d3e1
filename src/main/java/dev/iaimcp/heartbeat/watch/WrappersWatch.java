package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.SafeText;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;

/**
 * Rescans as soon as the wrappers directory changes, as {@code iai.heartbeat.watch} says;
 * the tick stays the fallback and still drives cleanup and the time-based transitions. A
 * native watch that cannot be had, at start-up or later, is tried again with backoff,
 * polling meanwhile in {@link WatchMode#AUTO}; {@link #status()} says how changes are
 * seen.
 */
public class WrappersWatch implements SmartLifecycle {

	/**
	 * How long after a rescan ends a change waits at least when it follows close behind
	 * (a lone change after a quiet spell waits for nothing). At most ten rescans a second
	 * for any pattern of writes; see {@link RescanPacing}.
	 */
	static final Duration MIN_SPACING = Duration.ofMillis(100);

	/**
	 * How long it waits at most while changes keep coming: a storm of writes, or many
	 * wrappers refreshing, costs one rescan a second, as the quiet period it replaced
	 * did.
	 */
	static final Duration MAX_SPACING = Duration.ofSeconds(1);

	/**
	 * A change is seen at the next poll, within this and on average half of it. Measured
	 * on a shared 2-core VM, each wake-up of the polling thread cost 60-200 us of CPU:
	 * four a second would spend the idle budget's margin.
	 */
	static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	static final Duration RECHECK_INTERVAL = Duration.ofSeconds(30);

	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	static final Duration LAST_RETRY = Duration.ofSeconds(32);

	private static final Logger logger = LoggerFactory.getLogger(WrappersWatch.class);

	private final HeartbeatProperties properties;

	private final Runnable rescan;

	private final Clock clock;

	private final WatchServices watchServices;

	private @Nullable DirectoryWatch current;

	private @Nullable Thread retrying;

	/**
	 * Counted down to stop retrying; never an interrupt, which would break a scan's file
	 * reads.
	 */
	private @Nullable CountDownLatch retryStopping;

	private volatile String status = "tick only: not started";

	private boolean stopped;

	private volatile boolean running;

	/**
	 * Creates a watch of the wrappers directory the settings name.
	 * @param properties the settings: the directory and the watch mode
	 * @param rescan what to run when the directory changed; it must not write into the
	 * directory, or the watch would wake itself
	 * @param clock the clock a poll compares file times with
	 * @param watchServices where native watches come from
	 */
	public WrappersWatch(HeartbeatProperties properties, Runnable rescan, Clock clock, WatchServices watchServices) {
		this.properties = properties;
		this.rescan = rescan;
		this.clock = clock;
		this.watchServices = watchServices;
	}

	/**
	 * How changes in the wrappers directory are seen now.
	 * @return {@code inotify} or {@code native}, {@code poll}, {@code poll (...)} while a
	 * native watch is retried, or {@code tick only: <reason>}
	 */
	public String status() {
		return this.status;
	}

	@Override
	public synchronized void start() {
		WatchMode mode = this.properties.watch();
		this.stopped = false;
		if (mode == WatchMode.OFF) {
			this.status = "tick only: iai.heartbeat.watch is off";
		}
		else if (mode == WatchMode.POLL) {
			startPolling();
		}
		else {
			startNative(mode);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		DirectoryWatch watch;
		synchronized (this) {
			this.stopped = true;
			if (this.retrying != null) {
				this.retryStopping.countDown();
				this.retrying = null;
			}
			watch = this.current;
			this.current = null;
		}
		// Outside the lock: a native watch that is failing right now waits for it to call
		// back.
		if (watch != null) {
			watch.stop();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private Path dir() {
		return this.properties.wrappersDir();
	}

	private boolean nativeOnly() {
		return this.properties.watch() == WatchMode.NATIVE || this.properties.watch() == WatchMode.INOTIFY;
	}

	private void startNative(WatchMode mode) {
		try {
			watchNatively();
		}
		catch (UnsupportedOperationException ex) {
			if (nativeOnly()) {
				this.status = "tick only: " + ex.getMessage() + "; set iai.heartbeat.watch to auto or poll";
				logger.warn("Cannot watch {}: {}", SafeText.of(dir()), SafeText.of(this.status));
			}
			else {
				startPolling();
			}
		}
		catch (IOException ex) {
			if (mode == WatchMode.ON) {
				throw new IllegalStateException(
						"iai.heartbeat.watch is 'on' but " + dir() + " cannot be watched: " + ex, ex);
			}
			fallBack(ex);
		}
	}

	private void watchNatively() throws IOException {
		NativeDirectoryWatch watch = new NativeDirectoryWatch(dir(), MIN_SPACING, MAX_SPACING,
				(name) -> HeartbeatScanner.reads(name.toString()), RECHECK_INTERVAL, this.rescan, this::watchLost,
				this.watchServices);
		watch.start();
		this.current = watch;
		this.status = watch.name();
	}

	private void startPolling() {
		PollingDirectoryWatch watch = new PollingDirectoryWatch(dir(), POLL_INTERVAL, this.rescan, this.clock);
		watch.start();
		this.current = watch;
		this.status = watch.name();
	}

	// Called by the native watch as it ends: something may have changed unseen since.
	private void watchLost(IOException ex) {
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			this.current.stop();
			this.current = null;
			fallBack(ex);
		}
		this.rescan.run();
	}

	// Falls back from a native watch that failed, and tries it again in the background.
	private void fallBack(IOException ex) {
		String reason = ex.toString();
		if (nativeOnly()) {
			this.status = "tick only: " + reason + "; retrying";
			logger.warn("Cannot watch {}: {}; changes are seen on the tick only until a retry succeeds",
					SafeText.of(dir()), SafeText.of(reason));
		}
		else {
			startPolling();
			this.status = "poll (" + reason + "; retrying the native watch)";
			logger.warn("Cannot watch {} natively: {}; polling it every {} ms until a retry succeeds",
					SafeText.of(dir()), SafeText.of(reason), POLL_INTERVAL.toMillis());
		}
		CountDownLatch stopping = new CountDownLatch(1);
		Thread thread = new Thread(() -> retry(stopping), "heartbeat-watch-retry");
		thread.setDaemon(true);
		this.retrying = thread;
		this.retryStopping = stopping;
		thread.start();
	}

	private void retry(CountDownLatch stopping) {
		Duration delay = FIRST_RETRY;
		try {
			while (!stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
				if (tryNativeAgain()) {
					this.rescan.run();
					return;
				}
				delay = (delay.compareTo(LAST_RETRY) < 0) ? delay.multipliedBy(2) : LAST_RETRY;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean tryNativeAgain() {
		DirectoryWatch fallback;
		synchronized (this) {
			if (this.retrying != Thread.currentThread()) {
				return false;
			}
			fallback = this.current;
			try {
				watchNatively();
			}
			catch (IOException | UnsupportedOperationException ex) {
				return false;
			}
			this.retrying = null;
		}
		if (fallback != null) {
			fallback.stop();
		}
		logger.info("Watching {} with {} again", SafeText.of(dir()), this.status);
		return true;
	}

}
