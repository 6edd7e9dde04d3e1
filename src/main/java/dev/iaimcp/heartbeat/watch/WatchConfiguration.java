package dev.iaimcp.heartbeat.watch;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Wires the directory watch to the scan runner.
 */
@Configuration(proxyBeanMethods = false)
public class WatchConfiguration {

	// Only the tick cleans up: a rescan that writes nothing cannot wake the watch again.
	@Bean
	WrappersWatch wrappersWatch(HeartbeatProperties properties, ScanRunner runner, Clock clock) {
		return new WrappersWatch(properties, () -> runner.scanNow(false), clock, WatchServices.SYSTEM);
	}

}
