package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.SafeText;

/**
 * Watches a directory through the operating system's notifications (inotify on Linux), by
 * path rather than by the directory first seen there: besides the directory it watches
 * each ancestor for its next step being created, deleted or renamed, and then arms itself
 * anew on whatever the path leads to before it calls back. While the directory is missing
 * it watches the ancestors that exist. Every recheck interval without an event it also
 * compares what the path leads to with what it watches, for what no event reports (a
 * link's target moved, an ancestor it may not watch). Changes of entries whose names do
 * not matter to the call back are let pass; the rest are paced by {@link RescanPacing}:
 * the first at once, a burst with one more call back. One daemon thread that blocks while
 * nothing happens.
 */
final class NativeDirectoryWatch implements DirectoryWatch {

	private static final Logger logger = LoggerFactory.getLogger(NativeDirectoryWatch.class);

	private final Path dir;

	private final Duration minSpacing;

	private final Duration maxSpacing;

	private final Predicate<Path> namesThatMatter;

	private final Duration recheckInterval;

	private final Runnable onChange;

	private final Consumer<IOException> onLost;

	private final WatchServices watchServices;

	private @Nullable WatchService service;

	private @Nullable Thread thread;

	private String name = "native";

	/** What each key watches for; only the watching thread touches it once started. */
	private final Map<WatchKey, Path> watchedNames = new HashMap<>();

	/** The directory's own key, if it exists. */
	private @Nullable WatchKey dirKey;

	/** The file key of the directory the path led to when armed, or null if missing. */
	private @Nullable Object armedOn;

	/**
	 * Creates a watch; nothing is watched before {@link #start()}.
	 * @param dir the directory to watch
	 * @param minSpacing how long after a call back ends further changes wait at first
	 * @param maxSpacing how long they wait at most while changes keep coming
	 * @param namesThatMatter which entries' names the call back cares about; a change of
	 * any other entry is let pass
	 * @param recheckInterval how often, without events, to compare what the path leads to
	 * @param onChange what to call
	 * @param onLost what to call, from the watching thread as it ends, when the watch
	 * cannot go on (the directory became unwatchable on re-arming, the system ran out of
	 * watches)
	 * @param watchServices where watch services come from
	 */
	NativeDirectoryWatch(Path dir, Duration minSpacing, Duration maxSpacing, Predicate<Path> namesThatMatter,
			Duration recheckInterval, Runnable onChange, Consumer<IOException> onLost, WatchServices watchServices) {
		this.dir = Objects.requireNonNull(dir, "'dir' must not be null").toAbsolutePath();
		this.minSpacing = Objects.requireNonNull(minSpacing, "'minSpacing' must not be null");
		this.maxSpacing = Objects.requireNonNull(maxSpacing, "'maxSpacing' must not be null");
		this.namesThatMatter = Objects.requireNonNull(namesThatMatter, "'namesThatMatter' must not be null");
		this.recheckInterval = Objects.requireNonNull(recheckInterval, "'recheckInterval' must not be null");
		this.onChange = Objects.requireNonNull(onChange, "'onChange' must not be null");
		this.onLost = Objects.requireNonNull(onLost, "'onLost' must not be null");
		this.watchServices = Objects.requireNonNull(watchServices, "'watchServices' must not be null");
	}

	/**
	 * Starts watching.
	 * @throws IOException if no watch service can be had or the nearest existing
	 * directory on the path cannot be watched
	 * @throws UnsupportedOperationException if the JDK only polls on this system (it does
	 * on macOS, each poll listing and reading every entry)
	 */
	@Override
	public synchronized void start() throws IOException {
		WatchService service = this.watchServices.open(this.dir.getFileSystem());
		try {
			requireNative(service);
			arm(service);
		}
		catch (IOException | RuntimeException ex) {
			service.close();
			throw ex;
		}
		this.service = service;
		this.name = service.getClass().getSimpleName().equals("LinuxWatchService") ? "inotify" : "native";
		Thread thread = new Thread(() -> run(service), "heartbeat-watch");
		thread.setDaemon(true);
		thread.start();
		this.thread = thread;
	}

	@Override
	public synchronized void stop() {
		if (this.service == null) {
			return;
		}
		closeQuietly(this.service);
		if (this.thread != Thread.currentThread()) {
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.service = null;
		this.thread = null;
	}

	@Override
	public String name() {
		return this.name;
	}

	private static void requireNative(WatchService service) {
		if (service.getClass().getSimpleName().equals("PollingWatchService")) {
			throw new UnsupportedOperationException(
					"the JDK has no native file watch on " + System.getProperty("os.name") + ", only a slow poll");
		}
	}

	private void run(WatchService service) {
		RescanPacing pacing = new RescanPacing(this.minSpacing, this.maxSpacing);
		try {
			while (true) {
				long wait = pacing.nanosUntilRescan(System.nanoTime());
				if (wait == 0) {
					pacing.rescanStarting();
					ChangeReports.report(this.onChange, this.dir, logger);
					pacing.rescanEnded(System.nanoTime());
				}
				else if (awaitChange(service, wait)) {
					pacing.changed(System.nanoTime());
				}
			}
		}
		catch (ClosedWatchServiceException | InterruptedException ex) {
			// Stopped.
		}
		catch (IOException ex) {
			closeQuietly(service);
			this.onLost.accept(ex);
		}
	}

	/**
	 * Waits for the next event, or while nothing is owed for the recheck interval and
	 * then rechecks.
	 * @param service the watch service
	 * @param owedIn nanoseconds until an owed call back is due, or
	 * {@link RescanPacing#NONE}
	 * @return whether anything the call back cares about changed
	 */
	private boolean awaitChange(WatchService service, long owedIn) throws IOException, InterruptedException {
		boolean idle = owedIn == RescanPacing.NONE;
		WatchKey key = service.poll(idle ? this.recheckInterval.toNanos() : owedIn, TimeUnit.NANOSECONDS);
		if (key != null) {
			return handle(service, key);
		}
		return idle && rearmIfMoved(service);
	}

	/**
	 * Takes in what a key reports, arming anew when the path may lead elsewhere now.
	 * @param service the watch service, to arm anew on
	 * @param key a key that was signalled
	 * @return whether anything the call back cares about changed
	 */
	private boolean handle(WatchService service, WatchKey key) throws IOException {
		Path watchedName = this.watchedNames.get(key);
		List<WatchEvent<?>> events = key.pollEvents();
		boolean valid = key.reset();
		if (watchedName == null) {
			// A key from before the last arming, cancelled, whose events were queued
			// already.
			return false;
		}
		if (key == this.dirKey) {
			if (!valid) {
				arm(service);
				return true;
			}
			return events.stream().anyMatch(this::matters);
		}
		boolean nextStepChanged = !valid || events.stream()
			.anyMatch(
					(event) -> event.kind() == StandardWatchEventKinds.OVERFLOW || watchedName.equals(event.context()));
		if (nextStepChanged) {
			arm(service);
		}
		return nextStepChanged;
	}

	private boolean rearmIfMoved(WatchService service) throws IOException {
		if (Objects.equals(DirectoryStamp.of(this.dir).fileKey(), this.armedOn)) {
			return false;
		}
		arm(service);
		return true;
	}

	private boolean matters(WatchEvent<?> event) {
		return event.kind() == StandardWatchEventKinds.OVERFLOW
				|| (event.context() instanceof Path entry && this.namesThatMatter.test(entry));
	}

	// Watches the directory for any change of its entries, and each existing ancestor for
	// changes of the name that leads on towards it. Ancestors that cannot be watched (not
	// readable, say) are left to the recheck; the deepest existing directory must be
	// watched.
	private void arm(WatchService service) throws IOException {
		while (true) {
			Map<WatchKey, Path> armed = new HashMap<>();
			try {
				Path deepest = armChain(service, armed);
				this.armedOn = DirectoryStamp.of(this.dir).fileKey();
				if (deepest.equals(this.dir) || !Files.isDirectory(deepest.resolve(nextStep(deepest)))) {
					return;
				}
				// The next step appeared while we registered: arm again, one level
				// deeper.
			}
			catch (NoSuchFileException ex) {
				// Something on the path vanished while we registered: look again.
			}
			finally {
				keepOnly(armed);
			}
		}
	}

	// Registering a directory that is watched already returns its key, so re-arming costs
	// no cancel and re-register of what stayed on the path: only what left it is
	// cancelled.
	private void keepOnly(Map<WatchKey, Path> armed) {
		this.watchedNames.keySet().stream().filter((key) -> !armed.containsKey(key)).forEach(WatchKey::cancel);
		this.watchedNames.clear();
		this.watchedNames.putAll(armed);
		if (this.dirKey != null && !armed.containsKey(this.dirKey)) {
			this.dirKey = null;
		}
	}

	private Path armChain(WatchService service, Map<WatchKey, Path> armed) throws IOException {
		Path deepest = this.dir.getRoot();
		for (int i = 1; i <= this.dir.getNameCount(); i++) {
			Path step = this.dir.getRoot().resolve(this.dir.subpath(0, i));
			if (!Files.isDirectory(step)) {
				break;
			}
			deepest = step;
		}
		for (Path ancestor = deepest.equals(this.dir) ? deepest.getParent()
				: deepest; ancestor != null; ancestor = ancestor.getParent()) {
			watchStep(service, ancestor, ancestor.equals(deepest), armed);
		}
		this.dirKey = null;
		if (deepest.equals(this.dir)) {
			this.dirKey = this.dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
					StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
			armed.put(this.dirKey, this.dir);
		}
		return deepest;
	}

	private void watchStep(WatchService service, Path ancestor, boolean required, Map<WatchKey, Path> armed)
			throws IOException {
		try {
			WatchKey key = ancestor.register(service, StandardWatchEventKinds.ENTRY_CREATE,
					StandardWatchEventKinds.ENTRY_DELETE);
			armed.put(key, nextStep(ancestor));
		}
		catch (IOException ex) {
			if (required || ex instanceof NoSuchFileException) {
				throw ex;
			}
			logger.debug("Cannot watch {} for changes on the way to {}: {}", SafeText.of(ancestor),
					SafeText.of(this.dir), SafeText.of(ex));
		}
	}

	private Path nextStep(Path ancestor) {
		return this.dir.getName(ancestor.getNameCount());
	}

	private static void closeQuietly(WatchService service) {
		try {
			service.close();
		}
		catch (IOException ex) {
			logger.debug("Failed to close the watch service: {}", SafeText.of(ex));
		}
	}

}
