package dev.iaimcp.heartbeat.runner;

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
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;

/**
 * Presence as Micrometer meters: {@code heartbeat.wrappers{status}} and
 * {@code heartbeat.idle.seconds} read the latest snapshot when scraped;
 * {@code heartbeat.scan} and {@code heartbeat.deleted{reason=stale|orphan|leftover}} are
 * fed by each {@link ScanCompletedEvent}.
 */
@Component
class PresenceMetrics implements MeterBinder {

	private final LatestPresence latest;

	private final Clock clock;

	private volatile @Nullable Meters meters;

	PresenceMetrics(LatestPresence latest, Clock clock) {
		this.latest = latest;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (HeartbeatStatus status : HeartbeatStatus.values()) {
			Gauge.builder("heartbeat.wrappers", this.latest, (latest) -> count(latest.snapshot(), status))
				.description("Heartbeat files by status, as of the latest scan")
				.tag("status", tagValue(status))
				.register(registry);
		}
		Gauge.builder("heartbeat.idle.seconds", this.latest, (latest) -> idleSeconds(latest.snapshot(), this.clock))
			.description("Seconds since a FRESH heartbeat was last seen (since start if none was); 0 while one is")
			.baseUnit("seconds")
			.register(registry);
		Map<HeartbeatStatus, Counter> deleted = new EnumMap<>(HeartbeatStatus.class);
		for (HeartbeatStatus status : new HeartbeatStatus[] { HeartbeatStatus.STALE, HeartbeatStatus.ORPHAN }) {
			deleted.put(status, deletedCounter(registry, tagValue(status)));
		}
		this.meters = new Meters(
				Timer.builder("heartbeat.scan").description("Scans of the wrappers directory").register(registry),
				deleted, deletedCounter(registry, "leftover"));
	}

	@EventListener
	void onScanCompleted(ScanCompletedEvent event) {
		Meters meters = this.meters;
		if (meters == null) {
			return;
		}
		meters.scans().record(event.scan().duration());
		Cleanup cleanup = event.cleanup();
		if (cleanup != null) {
			meters.deleted().forEach((status, counter) -> counter.increment(cleanup.deleted().count(status.name())));
			meters.deletedLeftovers().increment(cleanup.deletedLeftovers().total());
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

	// The snapshot's idleSeconds, as of its scan, carried forward to the moment of
	// scraping; it counts from what the presence machine remembers, across restarts too.
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

	/** The meters each scan feeds, once bound to a registry. */
	private record Meters(Timer scans, Map<HeartbeatStatus, Counter> deleted, Counter deletedLeftovers) {
	}

}
