package dev.iaimcp.heartbeat.settings;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's settings, bound from {@code iai.heartbeat.*}.
 *
 * @param wrappersDir directory the wrappers write their heartbeat files into
 * @param staleThresholdSec seconds after its last refresh that a heartbeat is STALE
 * @param tickIntervalSec seconds between two scans (and cleanups)
 * @param idleWindowSec seconds without any FRESH heartbeat after which presence is idle
 * @param cleanupEnabled whether each tick deletes STALE and ORPHAN heartbeat files
 * @param drowsyAfterSec seconds without any FRESH heartbeat after which presence is drowsy
 * @param watch whether changes in the wrappers directory trigger a scan at once
 */
@ConfigurationProperties("iai.heartbeat")
public record HeartbeatProperties(Path wrappersDir, @DefaultValue("90") long staleThresholdSec,
		@DefaultValue(HeartbeatProperties.DEFAULT_TICK_INTERVAL_SEC) long tickIntervalSec, @DefaultValue("1800") long idleWindowSec,
		@DefaultValue("true") boolean cleanupEnabled, @DefaultValue("300") long drowsyAfterSec,
		@DefaultValue("auto") WatchMode watch) {

	/** The default tick interval; the tick's schedule names it too. */
	public static final String DEFAULT_TICK_INTERVAL_SEC = "30";

	private static final String PREFIX = "iai.heartbeat.";

	public HeartbeatProperties {
		if (wrappersDir == null || wrappersDir.toString().isBlank()) {
			throw new IllegalArgumentException(PREFIX + "wrappers-dir must not be blank");
		}
		wrappersDir = expandHome(wrappersDir).toAbsolutePath().normalize();
		requirePositive("stale-threshold-sec", staleThresholdSec);
		requirePositive("tick-interval-sec", tickIntervalSec);
		requirePositive("idle-window-sec", idleWindowSec);
		requirePositive("drowsy-after-sec", drowsyAfterSec);
		if (drowsyAfterSec >= idleWindowSec) {
			throw new IllegalArgumentException(PREFIX + "drowsy-after-sec must be less than " + PREFIX
					+ "idle-window-sec (" + idleWindowSec + ") but was " + drowsyAfterSec);
		}
	}

	public Duration staleThreshold() {
		return Duration.ofSeconds(this.staleThresholdSec);
	}

	public Duration tickInterval() {
		return Duration.ofSeconds(this.tickIntervalSec);
	}

	public Duration idleWindow() {
		return Duration.ofSeconds(this.idleWindowSec);
	}

	public Duration drowsyAfter() {
		return Duration.ofSeconds(this.drowsyAfterSec);
	}

	private static void requirePositive(String key, long seconds) {
		if (seconds <= 0) {
			throw new IllegalArgumentException(PREFIX + key + " must be greater than 0 but was " + seconds);
		}
	}

	// YAML users write "~/.iai-mcp/wrappers"; the JVM would take "~" as a directory name.
	private static Path expandHome(Path path) {
		if (path.isAbsolute() || !path.getName(0).toString().equals("~")) {
			return path;
		}
		Path home = path.getFileSystem().getPath(System.getProperty("user.home"));
		return (path.getNameCount() == 1) ? home : home.resolve(path.subpath(1, path.getNameCount()));
	}

}
