package dev.iaimcp.heartbeat.runner;

import java.util.function.LongSupplier;

import org.springframework.context.ApplicationEventPublisher;

import dev.iaimcp.heartbeat.presence.PresenceMemory;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;

/**
 * The service's runner over a {@link HeartbeatFixture}: it remembers presence beside the
 * fixture's directory, on the fixture's file system, as the service does.
 */
public final class ScanRunners {

	private ScanRunners() {
	}

	public static ScanRunner create(HeartbeatFixture fixture) {
		return create(fixture, System::nanoTime, (event) -> {
		});
	}

	public static ScanRunner create(HeartbeatFixture fixture, LongSupplier monotonicNanos,
			ApplicationEventPublisher events) {
		HeartbeatProperties settings = fixture.settings();
		return new ScanRunner(fixture.scanner(), settings, fixture.clock(),
				PresenceMemory.beside(fixture.dir(), settings, fixture.clock(), true), fixture.latest(), events,
				monotonicNanos);
	}

}
