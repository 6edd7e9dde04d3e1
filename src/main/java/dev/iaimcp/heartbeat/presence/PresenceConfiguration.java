package dev.iaimcp.heartbeat.presence;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.watch.WatchServices;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

/**
 * Wires the presence state machine to its memory on disk, the latest snapshot and the
 * directory watch.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

	@Bean
	PresenceKeeper presenceKeeper(HeartbeatProperties properties, Clock clock) {
		return PresenceKeeper.beside(properties.wrappersDir(), properties, clock, true);
	}

	@Bean
	LatestPresence latestPresence(Clock clock) {
		return new LatestPresence(clock.instant());
	}

	// Only the tick cleans up: a rescan that writes nothing cannot wake the watch again.
	@Bean
	WrappersWatch wrappersWatch(HeartbeatProperties properties, PresenceMonitor monitor, Clock clock) {
		return new WrappersWatch(properties, () -> monitor.scanNow(false), clock, WatchServices.SYSTEM);
	}

}
