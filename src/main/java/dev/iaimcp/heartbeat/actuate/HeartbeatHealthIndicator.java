package dev.iaimcp.heartbeat.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.watch.WrappersWatch;

/**
 * Health component {@code heartbeat}: UP with the latest counts, DOWN while the wrappers
 * directory cannot be scanned, and how changes are seen ({@code watch}: {@code inotify},
 * {@code poll}, or {@code tick only: <reason>}). Reads the snapshot; never touches the
 * file system.
 */
@Component("heartbeatHealthIndicator")
class HeartbeatHealthIndicator extends AbstractHealthIndicator {

	private final LatestPresence latest;

	private final HeartbeatProperties properties;

	private final WrappersWatch watch;

	HeartbeatHealthIndicator(LatestPresence latest, HeartbeatProperties properties, WrappersWatch watch) {
		super("Heartbeat health check failed");
		this.latest = latest;
		this.properties = properties;
		this.watch = watch;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PresenceSnapshot snapshot = this.latest.snapshot();
		if (snapshot.scannedAt() == null) {
			builder.unknown().withDetail("reason", "the first scan has not finished yet");
		}
		else if (snapshot.error() != null) {
			builder.down().withDetail("reason", snapshot.error());
		}
		else {
			builder.up();
		}
		builder.withDetail("fresh", snapshot.fresh())
			.withDetail("stale", snapshot.stale())
			.withDetail("orphan", snapshot.orphan())
			.withDetail("active", snapshot.active())
			.withDetail("wrappersDir", this.properties.wrappersDir().toString())
			.withDetail("watch", this.watch.status());
	}

}
