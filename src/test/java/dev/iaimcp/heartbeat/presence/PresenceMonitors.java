package dev.iaimcp.heartbeat.presence;

import java.util.function.LongSupplier;

import org.springframework.context.ApplicationEventPublisher;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;

/**
 * The service's monitor over a {@link HeartbeatFixture}: it remembers presence beside the
 * fixture's directory, on the fixture's file system, as the service does.
 */
final class PresenceMonitors {

	private PresenceMonitors() {
	}

	static PresenceMonitor create(HeartbeatFixture fixture) {
		return create(fixture, System::nanoTime, (event) -> {
		});
	}

	static PresenceMonitor create(HeartbeatFixture fixture, LongSupplier monotonicNanos,
			ApplicationEventPublisher events) {
		HeartbeatProperties settings = fixture.settings();
		return new PresenceMonitor(fixture.scanner(), settings, fixture.clock(),
				PresenceKeeper.beside(fixture.dir(), settings, fixture.clock(), true), fixture.latest(), events,
				monotonicNanos);
	}

}
