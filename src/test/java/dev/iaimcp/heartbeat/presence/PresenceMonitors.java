package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.util.function.LongSupplier;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.watch.WatchServices;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

/**
 * Builds monitors for tests, remembering presence beside the scanner's directory (on the
 * test's file system) and publishing transitions to nobody.
 */
public final class PresenceMonitors {

	private PresenceMonitors() {
	}

	public static PresenceMonitor create(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock) {
		return create(scanner, properties, clock, System::nanoTime);
	}

	static PresenceMonitor create(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock,
			LongSupplier monotonicNanos) {
		return new PresenceMonitor(scanner, properties, clock, keeper(scanner, properties, clock), monotonicNanos);
	}

	private static PresenceKeeper keeper(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock) {
		PresenceStore store = new PresenceStore(PresenceStore.beside(scanner.wrappersDir()), clock);
		PresenceTracker tracker = new PresenceTracker(properties.drowsyAfter(), properties.idleWindow(), clock, null);
		return new PresenceKeeper(tracker, store, null, (event) -> {
		});
	}

	/** The service's watch of the properties' directory, rescanning through the monitor. */
	public static WrappersWatch watch(HeartbeatProperties properties, PresenceMonitor monitor) {
		return new WrappersWatch(properties, () -> monitor.scanNow(false), Clock.systemUTC(), WatchServices.SYSTEM);
	}

}
