package dev.iaimcp.heartbeat.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * Presence as Micrometer meters: {@code heartbeat.wrappers{status}} and
 * {@code heartbeat.idle.seconds} read the latest snapshot when scraped;
 * {@code heartbeat.scan} and {@code heartbeat.deleted{reason=stale|orphan|leftover}} are
 * fed by each scan.
 */
@Component
class PresenceMetrics implements ScanListener {

	private final Timer scans;

	private final Map<HeartbeatStatus, Counter> deleted = new EnumMap<>(HeartbeatStatus.class);

	private final Counter deletedLeftovers;

	PresenceMetrics(PresenceMonitor monitor, MeterRegistry registry, Clock clock) {
		for (HeartbeatStatus status : HeartbeatStatus.values()) {
			Gauge.builder("heartbeat.wrappers", monitor, (presence) -> count(presence.snapshot(), status))
				.description("Heartbeat files by status, as of the latest scan")
				.tag("status", tagValue(status))
				.register(registry);
		}
		Gauge.builder("heartbeat.idle.seconds", monitor, (presence) -> idleSeconds(presence.snapshot(), clock))
			.description("Seconds since a FRESH heartbeat was last seen (since start if none was); 0 while one is")
			.baseUnit("seconds")
			.register(registry);
		this.scans = Timer.builder("heartbeat.scan").description("Scans of the wrappers directory").register(registry);
		for (HeartbeatStatus status : new HeartbeatStatus[] { HeartbeatStatus.STALE, HeartbeatStatus.ORPHAN }) {
			this.deleted.put(status, deletedCounter(registry, tagValue(status)));
		}
		this.deletedLeftovers = deletedCounter(registry, "leftover");
		monitor.addListener(this);
	}

	@Override
	public void scanned(Scan scan, @Nullable Cleanup cleanup) {
		this.scans.record(scan.duration());
		if (cleanup != null) {
			this.deleted.forEach((status, counter) -> counter.increment(cleanup.deleted().count(status.name())));
			this.deletedLeftovers.increment(cleanup.deletedLeftovers().total());
		}
	}

	private static Counter deletedCounter(MeterRegistry registry, String reason) {
		return Counter.builder("heartbeat.deleted")
			.description("Files deleted by cleanup: STALE or ORPHAN heartbeats, and staging files of dead writers")
			.tag("reason", reason)
			.register(registry);
	}

	private static double count(PresenceSnapshot snapshot, HeartbeatStatus status) {
		return switch (status) {
			case FRESH -> snapshot.fresh();
			case STALE -> snapshot.stale();
			case ORPHAN -> snapshot.orphan();
		};
	}

	// The snapshot's idleSeconds, as of its scan, carried forward to the moment of scraping;
	// it counts from what the presence tracker remembers, across restarts too.
	private static double idleSeconds(PresenceSnapshot snapshot, Clock clock) {
		Instant scannedAt = snapshot.scannedAt();
		if (snapshot.active() || scannedAt == null) {
			return snapshot.idleSeconds();
		}
		return snapshot.idleSeconds() + Duration.between(scannedAt, clock.instant()).toMillis() / 1000.0;
	}

	private static String tagValue(HeartbeatStatus status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

}
