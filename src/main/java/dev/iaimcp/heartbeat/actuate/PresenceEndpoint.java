package dev.iaimcp.heartbeat.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceMonitor;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;

/**
 * Endpoint {@code presence}: GET serves the latest snapshot, POST scans now (and cleans up
 * when asked with {@code {"cleanup": true}}).
 */
@Component
@Endpoint(id = "presence")
class PresenceEndpoint {

	private final LatestPresence latest;

	private final PresenceMonitor monitor;

	PresenceEndpoint(LatestPresence latest, PresenceMonitor monitor) {
		this.latest = latest;
		this.monitor = monitor;
	}

	@ReadOperation
	PresenceSnapshot presence() {
		return this.latest.snapshot();
	}

	// The actuator hands JSON scalars over as strings (true arrives as "true") and would
	// convert "yes", "on" or 1 into a Boolean: a request that is not exactly what it
	// seems must not delete files.
	@WriteOperation
	PresenceSnapshot scan(@Nullable String cleanup) {
		if (cleanup != null && !cleanup.equals("true") && !cleanup.equals("false")) {
			throw new InvalidEndpointRequestException("'cleanup' must be true or false but was " + cleanup,
					"'cleanup' must be true or false");
		}
		return this.monitor.scanNow("true".equals(cleanup));
	}

}
