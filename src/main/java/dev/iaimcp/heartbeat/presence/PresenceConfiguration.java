package dev.iaimcp.heartbeat.presence;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.watch.WatchServices;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

/**
 * Wires the presence state machine to its memory on disk and the directory watch.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

	@Bean
	@Profile("!check")
	PresenceKeeper presenceKeeper(HeartbeatProperties properties, Clock clock, ApplicationEventPublisher publisher) {
		PresenceStore store = store(properties, clock);
		PresenceMemory remembered = store.load().orElse(null);
		return new PresenceKeeper(tracker(properties, clock, remembered), store, remembered, publisher);
	}

	// The one-shot check shows what the running service remembers but must not race it
	// writing the file.
	@Bean
	@Profile("check")
	PresenceKeeper readOnlyPresenceKeeper(HeartbeatProperties properties, Clock clock,
			ApplicationEventPublisher publisher) {
		PresenceMemory remembered = store(properties, clock).load().orElse(null);
		return new PresenceKeeper(tracker(properties, clock, remembered), null, remembered, publisher);
	}

	private static PresenceStore store(HeartbeatProperties properties, Clock clock) {
		return new PresenceStore(PresenceStore.beside(properties.wrappersDir()), clock);
	}

	private static PresenceTracker tracker(HeartbeatProperties properties, Clock clock,
			@Nullable PresenceMemory remembered) {
		return new PresenceTracker(properties.drowsyAfter(), properties.idleWindow(), clock, remembered);
	}

	// The one-shot check scans once; there is nothing to wake. Only the tick cleans up: a
	// rescan that writes nothing cannot wake the watch again.
	@Bean
	@Profile("!check")
	WrappersWatch wrappersWatch(HeartbeatProperties properties, PresenceMonitor monitor, Clock clock) {
		return new WrappersWatch(properties, () -> monitor.scanNow(false), clock, WatchServices.SYSTEM);
	}

}
