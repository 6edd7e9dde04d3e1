package dev.iaimcp.heartbeat.presence;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.iaimcp.heartbeat.scan.FileOwners;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.ProcessProbe;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Wires the Spring-free scanner to the operator's settings, the system clock and the
 * operating system's process table.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HeartbeatProperties.class)
class HeartbeatConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(HeartbeatConfiguration.class);

	/** Wrappers refresh every 30 s; a threshold under two refreshes misjudges live ones. */
	private static final long SAFE_STALE_THRESHOLD_SEC = 60;

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ProcessProbe processProbe() {
		return ProcessProbe.system();
	}

	@Bean
	HeartbeatScanner heartbeatScanner(HeartbeatProperties properties, ProcessProbe processProbe, Clock clock) {
		if (properties.staleThresholdSec() < SAFE_STALE_THRESHOLD_SEC && properties.cleanupEnabled()) {
			logger.warn("iai.heartbeat.stale-threshold-sec is {}: wrappers refresh every 30 s, so a live wrapper's "
					+ "heartbeat can turn STALE between two refreshes and be deleted", properties.staleThresholdSec());
		}
		return new HeartbeatScanner(properties.wrappersDir(), properties.staleThreshold(), processProbe, clock,
				FileOwners.currentUid(properties.wrappersDir().getFileSystem()));
	}

}
