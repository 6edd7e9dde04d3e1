package dev.iaimcp.heartbeat.presence;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Wires the presence state machine to its memory on disk, and the latest snapshot.
 */
@Configuration(proxyBeanMethods = false)
public class PresenceConfiguration {

	@Bean
	PresenceMemory presenceMemory(HeartbeatProperties properties, Clock clock) {
		return PresenceMemory.beside(properties.wrappersDir(), properties, clock, true);
	}

	@Bean
	LatestPresence latestPresence(Clock clock) {
		return new LatestPresence(clock.instant());
	}

}
