package dev.iaimcp.heartbeat.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.PresenceMonitor;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;

/**
 * Endpoint {@code presence}: GET serves the latest snapshot, POST scans now (and cleans up
 * when asked with {@code {"cleanup": true}}).
 */
@Component
@Endpoint(id = "presence")
class PresenceEndpoint {

	private final PresenceMonitor monitor;

	PresenceEndpoint(PresenceMonitor monitor) {
		this.monitor = monitor;
	}

	@ReadOperation
	PresenceSnapshot presence() {
		return this.monitor.snapshot();
	}

	@WriteOperation
	PresenceSnapshot scan(@Nullable Boolean cleanup) {
		return this.monitor.scanNow(Boolean.TRUE.equals(cleanup));
	}

}
