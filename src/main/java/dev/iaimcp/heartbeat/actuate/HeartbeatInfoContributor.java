package dev.iaimcp.heartbeat.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * Info entry {@code heartbeat}: the settings in effect, after defaults and validation.
 */
@Component
class HeartbeatInfoContributor implements InfoContributor {

	private final HeartbeatProperties properties;

	HeartbeatInfoContributor(HeartbeatProperties properties) {
		this.properties = properties;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("wrappersDir", this.properties.wrappersDir().toString());
		settings.put("staleThresholdSec", this.properties.staleThresholdSec());
		settings.put("tickIntervalSec", this.properties.tickIntervalSec());
		settings.put("idleWindowSec", this.properties.idleWindowSec());
		settings.put("cleanupEnabled", this.properties.cleanupEnabled());
		settings.put("drowsyAfterSec", seconds(this.properties.drowsyAfter()));
		settings.put("watch", this.properties.watch().name().toLowerCase(Locale.ROOT));
		builder.withDetail("heartbeat", settings);
	}

	// In effect, set or derived: a sixth of an idle window under 30 minutes need not be
	// whole seconds.
	private static Number seconds(Duration duration) {
		return (duration.toNanosPart() == 0) ? duration.toSeconds() : duration.toMillis() / 1000.0;
	}

}
