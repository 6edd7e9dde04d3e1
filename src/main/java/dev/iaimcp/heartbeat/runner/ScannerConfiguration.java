package dev.iaimcp.heartbeat.runner;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.FileOwners;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Wires the Spring-free scanner to the operator's settings, the system clock and the
 * operating system's process table.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HeartbeatProperties.class)
public class ScannerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ScannerConfiguration.class);

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
		return scanner(properties, processProbe, clock);
	}

	// The service's scanner and the check's are built alike: same settings, same trust.
	static HeartbeatScanner scanner(HeartbeatProperties properties, ProcessProbe processProbe, Clock clock) {
		properties.warnings().forEach(logger::warn);
		return new HeartbeatScanner(properties.wrappersDir(), properties.staleThreshold(), processProbe, clock,
				FileOwners.currentUid(properties.wrappersDir().getFileSystem()));
	}

}
