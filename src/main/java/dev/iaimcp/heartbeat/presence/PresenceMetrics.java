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
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;

/**
 * Presence as Micrometer meters: {@code heartbeat.wrappers{status}} and
 * {@code heartbeat.idle.seconds} read the latest snapshot when scraped;
 * {@code heartbeat.scan} and {@code heartbeat.deleted{reason}} are fed by each scan.
 */
@Component
class PresenceMetrics implements ScanListener {

	private final Timer scans;

	private final Map<HeartbeatStatus, Counter> deleted = new EnumMap<>(HeartbeatStatus.class);

	PresenceMetrics(PresenceMonitor monitor, MeterRegistry registry, Clock clock) {
		Instant startedAt = clock.instant();
		for (HeartbeatStatus status : HeartbeatStatus.values()) {
			Gauge.builder("heartbeat.wrappers", monitor, (presence) -> count(presence.snapshot(), status))
				.description("Heartbeat files by status, as of the latest scan")
				.tag("status", tagValue(status))
				.register(registry);
		}
		Gauge.builder("heartbeat.idle.seconds", monitor, (presence) -> idleSeconds(presence.snapshot(), clock, startedAt))
			.description("Seconds since a FRESH heartbeat was last seen (since start if none was); 0 while one is")
			.baseUnit("seconds")
			.register(registry);
		this.scans = Timer.builder("heartbeat.scan").description("Scans of the wrappers directory").register(registry);
		for (HeartbeatStatus status : new HeartbeatStatus[] { HeartbeatStatus.STALE, HeartbeatStatus.ORPHAN }) {
			this.deleted.put(status, Counter.builder("heartbeat.deleted")
				.description("Heartbeat files deleted by cleanup, by the status that condemned them")
				.tag("reason", tagValue(status))
				.register(registry));
		}
		monitor.addListener(this);
	}

	@Override
	public void scanned(Scan scan, @Nullable Cleanup cleanup) {
		this.scans.record(scan.duration());
		if (cleanup != null) {
			for (HeartbeatEntry entry : cleanup.deleted()) {
				this.deleted.get(entry.status()).increment();
			}
		}
	}

	private static double count(PresenceSnapshot snapshot, HeartbeatStatus status) {
		return switch (status) {
			case FRESH -> snapshot.fresh();
			case STALE -> snapshot.stale();
			case ORPHAN -> snapshot.orphan();
		};
	}

	private static double idleSeconds(PresenceSnapshot snapshot, Clock clock, Instant startedAt) {
		if (snapshot.active()) {
			return 0;
		}
		Instant lastPresence = (snapshot.lastFreshAt() != null) ? snapshot.lastFreshAt() : startedAt;
		return Duration.between(lastPresence, clock.instant()).toMillis() / 1000.0;
	}

	private static String tagValue(HeartbeatStatus status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

}
