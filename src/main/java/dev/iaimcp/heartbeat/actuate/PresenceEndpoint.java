package dev.iaimcp.heartbeat.actuate;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.runner.ScanRunner;

/**
 * Endpoint {@code presence}: GET serves the latest snapshot, POST scans now (and cleans
 * up when asked with {@code {"cleanup": true}}), or answers 503 with {@code Retry-After}
 * when a scan that is already running does not end within
 * {@link #MAX_WAIT_FOR_A_RUNNING_SCAN}.
 */
@Component
@Endpoint(id = "presence")
class PresenceEndpoint {

	/**
	 * How long a POST waits for a scan that is already running before it answers 503: the
	 * tick's scan of a huge directory takes minutes, and every waiting POST holds one of
	 * the web server's workers.
	 */
	static final Duration MAX_WAIT_FOR_A_RUNNING_SCAN = Duration.ofSeconds(5);

	private final LatestPresence latest;

	private final ScanRunner runner;

	PresenceEndpoint(LatestPresence latest, ScanRunner runner) {
		this.latest = latest;
		this.runner = runner;
	}

	@ReadOperation
	PresenceSnapshot presence() {
		return this.latest.snapshot();
	}

	// The actuator hands JSON scalars over as strings (true arrives as "true") and would
	// convert "yes", "on" or 1 into a Boolean: a request that is not exactly what it
	// seems must not delete files.
	@WriteOperation
	PresenceSnapshot scan(@Nullable String cleanup) throws InterruptedException {
		if (cleanup != null && !cleanup.equals("true") && !cleanup.equals("false")) {
			throw new InvalidEndpointRequestException("'cleanup' must be true or false but was " + cleanup,
					"'cleanup' must be true or false");
		}
		return this.runner.scanNow("true".equals(cleanup), MAX_WAIT_FOR_A_RUNNING_SCAN)
			.orElseThrow(ScanStillRunningException::new);
	}

}
