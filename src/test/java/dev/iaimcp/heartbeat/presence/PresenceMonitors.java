package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.util.function.LongSupplier;

import org.springframework.context.ApplicationEventPublisher;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.watch.WatchServices;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

/**
 * Builds monitors for tests, remembering presence beside the scanner's directory (on the
 * test's file system) and publishing events to the given listener.
 */
public final class PresenceMonitors {

	private PresenceMonitors() {
	}

	public static PresenceMonitor create(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock,
			LatestPresence latest) {
		return create(scanner, properties, clock, latest, System::nanoTime, (event) -> {
		});
	}

	static PresenceMonitor create(HeartbeatScanner scanner, HeartbeatProperties properties, Clock clock,
			LatestPresence latest, LongSupplier monotonicNanos, ApplicationEventPublisher events) {
		return new PresenceMonitor(scanner, properties, clock,
				PresenceKeeper.beside(scanner.wrappersDir(), properties, clock, true), latest, events, monotonicNanos);
	}

	/** The service's watch of the properties' directory, rescanning through the monitor. */
	public static WrappersWatch watch(HeartbeatProperties properties, PresenceMonitor monitor) {
		return new WrappersWatch(properties, () -> monitor.scanNow(false), Clock.systemUTC(), WatchServices.SYSTEM);
	}

}
