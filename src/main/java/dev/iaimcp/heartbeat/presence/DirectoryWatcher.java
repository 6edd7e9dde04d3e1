package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back, debounced, when anything in a directory changes. Until the directory exists
 * it watches the nearest ancestor that does, and it goes back to that when the directory
 * is deleted. One daemon thread that blocks while nothing happens.
 */
final class DirectoryWatcher {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryWatcher.class);

	private final Path dir;

	private final Duration quietPeriod;

	private final Duration maxDelay;

	private final Runnable onChange;

	private @Nullable WatchService service;

	private @Nullable Thread thread;

	/** The key of what is watched now; only the watching thread touches it once started. */
	private @Nullable WatchKey current;

	/**
	 * Creates a watcher; nothing is watched before {@link #start()}.
	 * @param dir the directory to watch
	 * @param quietPeriod how long no further event must arrive before calling back
	 * @param maxDelay how long a stream of events may postpone the call back at most
	 * @param onChange what to call
	 */
	DirectoryWatcher(Path dir, Duration quietPeriod, Duration maxDelay, Runnable onChange) {
		this.dir = Objects.requireNonNull(dir, "'dir' must not be null").toAbsolutePath();
		this.quietPeriod = Objects.requireNonNull(quietPeriod, "'quietPeriod' must not be null");
		this.maxDelay = Objects.requireNonNull(maxDelay, "'maxDelay' must not be null");
		this.onChange = Objects.requireNonNull(onChange, "'onChange' must not be null");
	}

	/**
	 * Starts watching.
	 * @throws IOException if the directory, or its nearest existing ancestor, cannot be watched
	 * @throws UnsupportedOperationException if its file system cannot watch at all
	 */
	synchronized void start() throws IOException {
		WatchService service = this.dir.getFileSystem().newWatchService();
		try {
			arm(service);
		}
		catch (IOException | RuntimeException ex) {
			service.close();
			throw ex;
		}
		this.service = service;
		Thread thread = new Thread(() -> run(service), "heartbeat-watch");
		thread.setDaemon(true);
		thread.start();
		this.thread = thread;
	}

	synchronized void stop() throws IOException, InterruptedException {
		if (this.service != null) {
			this.service.close();
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
			this.service = null;
			this.thread = null;
		}
	}

	private void run(WatchService service) {
		try {
			while (true) {
				awaitChange(service);
			}
		}
		catch (ClosedWatchServiceException | InterruptedException ex) {
			// Stopped.
		}
		catch (IOException ex) {
			logger.warn("Stopped watching {}; changes are seen on the tick only: {}", this.dir, ex.toString());
		}
	}

	private void awaitChange(WatchService service) throws IOException, InterruptedException {
		WatchKey key = service.take();
		if (key != this.current) {
			return;
		}
		if (key.watchable().equals(this.dir)) {
			boolean stillWatched = debounce(service, key);
			report();
			if (!stillWatched) {
				arm(service);
			}
		}
		else {
			key.cancel();
			if (arm(service)) {
				report();
			}
		}
	}

	/**
	 * Takes in events until none arrived for the quiet period (or for at most the maximum
	 * delay), so that a burst of them costs one call back.
	 * @return whether the directory is still watched
	 */
	private boolean debounce(WatchService service, WatchKey key) throws InterruptedException {
		long deadline = System.nanoTime() + this.maxDelay.toNanos();
		WatchKey signalled = key;
		while (signalled != null) {
			if (signalled == key) {
				signalled.pollEvents();
				if (!signalled.reset()) {
					return false;
				}
			}
			long waitNanos = Math.min(this.quietPeriod.toNanos(), deadline - System.nanoTime());
			signalled = (waitNanos > 0) ? service.poll(waitNanos, TimeUnit.NANOSECONDS) : null;
		}
		return true;
	}

	/**
	 * Watches the directory, or while it is missing the nearest ancestor that exists.
	 * @return whether the directory itself is watched
	 */
	private boolean arm(WatchService service) throws IOException {
		while (true) {
			Path target = nearestExisting();
			try {
				if (target.equals(this.dir)) {
					this.current = this.dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
							StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
					return true;
				}
				this.current = target.register(service, StandardWatchEventKinds.ENTRY_CREATE);
				if (!Files.exists(target.resolve(this.dir.getName(target.getNameCount())))) {
					return false;
				}
				// The next step appeared while we registered: go one level deeper.
				this.current.cancel();
			}
			catch (NoSuchFileException ex) {
				// Vanished while we registered: look again.
			}
		}
	}

	private Path nearestExisting() {
		Path candidate = this.dir;
		while (!Files.exists(candidate) && candidate.getParent() != null) {
			candidate = candidate.getParent();
		}
		return candidate;
	}

	private void report() {
		try {
			this.onChange.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Rescan after a change in {} failed; the tick runs as scheduled", this.dir, ex);
		}
	}

}
