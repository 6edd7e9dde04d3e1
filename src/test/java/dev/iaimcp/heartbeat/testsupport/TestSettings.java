package dev.iaimcp.heartbeat.testsupport;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;

/**
 * The settings a test runs with: the service's defaults, the watch off, and whatever the
 * test changes, so that no test spells out all seven of them.
 */
public final class TestSettings {

	private final Path wrappersDir;

	private long staleThresholdSec = 90;

	private long tickIntervalSec = 30;

	private long idleWindowSec = 1800;

	private boolean cleanupEnabled = true;

	private @Nullable Long drowsyAfterSec;

	private WatchMode watch = WatchMode.OFF;

	private TestSettings(Path wrappersDir) {
		this.wrappersDir = wrappersDir;
	}

	public static TestSettings of(Path wrappersDir) {
		return new TestSettings(wrappersDir);
	}

	public TestSettings staleThresholdSec(long seconds) {
		this.staleThresholdSec = seconds;
		return this;
	}

	public TestSettings tickIntervalSec(long seconds) {
		this.tickIntervalSec = seconds;
		return this;
	}

	public TestSettings idleWindowSec(long seconds) {
		this.idleWindowSec = seconds;
		return this;
	}

	public TestSettings cleanupEnabled(boolean enabled) {
		this.cleanupEnabled = enabled;
		return this;
	}

	public TestSettings drowsyAfterSec(long seconds) {
		this.drowsyAfterSec = seconds;
		return this;
	}

	public TestSettings watch(WatchMode mode) {
		this.watch = mode;
		return this;
	}

	public HeartbeatProperties build() {
		return new HeartbeatProperties(this.wrappersDir, this.staleThresholdSec, this.tickIntervalSec,
				this.idleWindowSec, this.cleanupEnabled, this.drowsyAfterSec, this.watch);
	}

}
