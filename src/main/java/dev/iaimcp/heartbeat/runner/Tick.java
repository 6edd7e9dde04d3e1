package dev.iaimcp.heartbeat.runner;

import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * The tick: every {@code iai.heartbeat.tick-interval-sec} after the previous one ended, a
 * scan and, when enabled, its cleanup. The first runs as soon as the service has started.
 */
@Component
public class Tick {

	private final ScanRunner runner;

	Tick(ScanRunner runner) {
		this.runner = runner;
	}

	@Scheduled(fixedDelayString = "${iai.heartbeat.tick-interval-sec:" + HeartbeatProperties.DEFAULT_TICK_INTERVAL_SEC
			+ "}", timeUnit = TimeUnit.SECONDS)
	void tick() {
		this.runner.tick();
	}

}
