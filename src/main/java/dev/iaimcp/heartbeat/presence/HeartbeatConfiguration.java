package dev.iaimcp.heartbeat.presence;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.iaimcp.heartbeat.scan.FileOwners;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.ProcessProbe;

/**
 * Wires the Spring-free scanner to the operator's settings, the system clock and the
 * operating system's process table.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HeartbeatProperties.class)
@EnableScheduling
class HeartbeatConfiguration {

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
		return new HeartbeatScanner(properties.wrappersDir(), properties.staleThreshold(), processProbe, clock,
				FileOwners.currentUser(properties.wrappersDir().getFileSystem()));
	}

}
