package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * What the running service says about itself: its settings from {@code /actuator/info}
 * and how it sees changes from {@code /actuator/health}.
 *
 * @param wrappersDir the directory it scans
 * @param tickInterval its tick
 * @param cleanupEnabled whether its tick deletes dead wrappers' files
 * @param watchIsOff whether it was configured to see changes on the tick only
 * @param watch how it sees changes now, as its health says
 */
record ServiceFacts(Path wrappersDir, Duration tickInterval, boolean cleanupEnabled, boolean watchIsOff, String watch) {

	/**
	 * Reads the facts from the service's answers.
	 * @param info what {@code /actuator/info} answered
	 * @param health what {@code /actuator/health} answered
	 * @return the facts
	 * @throws IOException if the answers are not those of heartbeat-scanner
	 */
	static ServiceFacts of(JsonNode info, JsonNode health) throws IOException {
		JsonNode settings = info.path("heartbeat");
		if (!settings.path("wrappersDir").isString() || !settings.path("tickIntervalSec").canConvertToLong()) {
			throw new IOException("the service answering there is not heartbeat-scanner: its /actuator/info has no "
					+ "heartbeat.wrappersDir and heartbeat.tickIntervalSec");
		}
		String watch = health.path("components").path("heartbeat").path("details").path("watch").asString("unknown");
		return new ServiceFacts(Path.of(settings.path("wrappersDir").stringValue()),
				Duration.ofSeconds(settings.path("tickIntervalSec").longValue()),
				settings.path("cleanupEnabled").asBoolean(true), "off".equals(settings.path("watch").asString()),
				watch);
	}

}
