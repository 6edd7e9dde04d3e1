package dev.iaimcp.heartbeat.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.iaimcp.heartbeat.scan.WrapperHeartbeat;

/**
 * The operator's settings, bound from {@code iai.heartbeat.*}. It validates itself as a
 * Spring {@link Validator}, so that Spring Boot reports every bad value at once, each
 * with its property, value, origin and reason.
 *
 * @param wrappersDir directory the wrappers write their heartbeat files into
 * @param staleThresholdSec seconds after its last refresh that a heartbeat is STALE
 * @param tickIntervalSec seconds between two scans (and cleanups)
 * @param idleWindowSec seconds without any FRESH heartbeat after which presence is idle
 * @param cleanupEnabled whether each tick deletes STALE and ORPHAN heartbeat files
 * @param drowsyAfterSec seconds without any FRESH heartbeat after which presence is
 * drowsy, {@code null} to follow the idle window (see {@link #drowsyAfter()})
 * @param watch whether changes in the wrappers directory trigger a scan at once
 */
@ConfigurationProperties(HeartbeatProperties.PREFIX)
public record HeartbeatProperties(Path wrappersDir, @DefaultValue("90") long staleThresholdSec,
		@DefaultValue(HeartbeatProperties.DEFAULT_TICK_INTERVAL_SEC) long tickIntervalSec,
		@DefaultValue("1800") long idleWindowSec, @DefaultValue("true") boolean cleanupEnabled,
		@Nullable Long drowsyAfterSec, @DefaultValue("auto") WatchMode watch) implements Validator {

	/** Where the settings live. */
	public static final String PREFIX = "iai.heartbeat";

	/** The default tick interval; the tick's schedule names it too. */
	public static final String DEFAULT_TICK_INTERVAL_SEC = "30";

	/**
	 * How long without a FRESH heartbeat makes presence drowsy, unless the window is
	 * shorter.
	 */
	static final Duration DEFAULT_DROWSY_AFTER = Duration.ofSeconds(300);

	/** A threshold under two refreshes misjudges live wrappers. */
	static final long SAFE_STALE_THRESHOLD_SEC = 2 * WrapperHeartbeat.REFRESH_INTERVAL.toSeconds();

	// Unset (null from the binder) or blank is kept blank, for validate() to name.
	public HeartbeatProperties {
		wrappersDir = (wrappersDir == null || wrappersDir.toString().isBlank()) ? Path.of("")
				: expandHome(wrappersDir).toAbsolutePath().normalize();
	}

	/**
	 * Binds and validates the settings from a configuration, as the service does, for the
	 * commands that run without an application context.
	 * @param binder the configuration
	 * @return the settings
	 * @throws org.springframework.boot.context.properties.bind.BindException naming every
	 * bad value
	 */
	public static HeartbeatProperties bind(Binder binder) {
		Validator selfValidating = Validator.forInstanceOf(HeartbeatProperties.class,
				(properties, errors) -> properties.validate(properties, errors));
		return binder.bindOrCreate(PREFIX, Bindable.of(HeartbeatProperties.class),
				new ValidationBindHandler(selfValidating));
	}

	@Override
	public boolean supports(Class<?> type) {
		return HeartbeatProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		HeartbeatProperties properties = (HeartbeatProperties) target;
		if (properties.wrappersDir().toString().isBlank()) {
			errors.rejectValue("wrappersDir", "blank", "must not be blank");
		}
		requirePositive(errors, "staleThresholdSec", properties.staleThresholdSec());
		requirePositive(errors, "tickIntervalSec", properties.tickIntervalSec());
		requirePositive(errors, "idleWindowSec", properties.idleWindowSec());
		Long drowsyAfterSec = properties.drowsyAfterSec();
		if (drowsyAfterSec != null) {
			requirePositive(errors, "drowsyAfterSec", drowsyAfterSec);
			if (drowsyAfterSec >= properties.idleWindowSec() && drowsyAfterSec > 0) {
				errors.rejectValue("drowsyAfterSec", "notBeforeIdle",
						"must be less than " + PREFIX + ".idle-window-sec (" + properties.idleWindowSec() + ")");
			}
		}
	}

	/**
	 * What is allowed but probably a mistake, one sentence each.
	 * @return the warnings, none when the settings are sound
	 */
	public List<String> warnings() {
		List<String> warnings = new ArrayList<>();
		if (this.staleThresholdSec < SAFE_STALE_THRESHOLD_SEC && this.cleanupEnabled) {
			warnings.add(PREFIX + ".stale-threshold-sec is " + this.staleThresholdSec + ": wrappers refresh every "
					+ WrapperHeartbeat.REFRESH_INTERVAL.toSeconds()
					+ " s, so a live wrapper's heartbeat can turn STALE between two refreshes and be deleted");
		}
		return warnings;
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

	/**
	 * How long without a FRESH heartbeat makes presence drowsy: {@code drowsy-after-sec}
	 * when set, otherwise 300 s or a sixth of the idle window, whichever is shorter, so
	 * that setting only the window never makes an inconsistent pair.
	 * @return the drowsy threshold, always shorter than the idle window
	 */
	public Duration drowsyAfter() {
		if (this.drowsyAfterSec != null) {
			return Duration.ofSeconds(this.drowsyAfterSec);
		}
		Duration sixth = idleWindow().dividedBy(6);
		return (sixth.compareTo(DEFAULT_DROWSY_AFTER) < 0) ? sixth : DEFAULT_DROWSY_AFTER;
	}

	private static void requirePositive(Errors errors, String field, long seconds) {
		if (seconds <= 0) {
			errors.rejectValue(field, "notPositive", "must be greater than 0");
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
