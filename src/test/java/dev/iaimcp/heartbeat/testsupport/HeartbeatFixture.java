package dev.iaimcp.heartbeat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.jspecify.annotations.Nullable;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.ScanLimits;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * A wrappers directory, a clock, a process table, the settings and a runner, all on the
 * same file system: a jimfs one of its own (closed with the fixture) or a real directory.
 * The scanner and the runner are built on first use from what the test set until then.
 */
public final class HeartbeatFixture implements AutoCloseable {

	private final @Nullable FileSystem jimfs;

	private final Path dir;

	private final MutableClock clock;

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private TestSettings settings;

	private ProcessProbe scannerProbe = this.probe;

	private ScanLimits limits = ScanLimits.DEFAULT;

	private @Nullable HeartbeatScanner scanner;

	private @Nullable LatestPresence latest;

	private @Nullable ScanRunner runner;

	private HeartbeatFixture(@Nullable FileSystem jimfs, Path dir, Instant now) {
		this.jimfs = jimfs;
		this.dir = dir;
		this.clock = new MutableClock(now);
		this.settings = TestSettings.of(dir);
	}

	/**
	 * A fixture on a jimfs file system of its own, the wrappers at {@code /wrappers}.
	 * @param now the clock's time
	 * @return the fixture
	 */
	public static HeartbeatFixture onJimfs(Instant now) {
		FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
		return new HeartbeatFixture(jimfs, jimfs.getPath("/wrappers"), now);
	}

	/**
	 * A fixture on a real directory.
	 * @param wrappersDir the wrappers directory
	 * @param now the clock's time
	 * @return the fixture
	 */
	public static HeartbeatFixture on(Path wrappersDir, Instant now) {
		return new HeartbeatFixture(null, wrappersDir, now);
	}

	public Path dir() {
		return this.dir;
	}

	public MutableClock clock() {
		return this.clock;
	}

	public FakeProcessProbe probe() {
		return this.probe;
	}

	/** Changes the settings; only before the scanner is built. */
	public HeartbeatFixture settings(UnaryOperator<TestSettings> change) {
		requireNotBuilt();
		this.settings = change.apply(this.settings);
		return this;
	}

	/**
	 * Scans with another process table than {@link #probe()}; only before the scanner is
	 * built.
	 */
	public HeartbeatFixture probedBy(ProcessProbe probe) {
		requireNotBuilt();
		this.scannerProbe = probe;
		return this;
	}

	/** Bounds the scan differently; only before the scanner is built. */
	public HeartbeatFixture limits(ScanLimits limits) {
		requireNotBuilt();
		this.limits = limits;
		return this;
	}

	public HeartbeatProperties settings() {
		return this.settings.build();
	}

	public HeartbeatScanner scanner() {
		if (this.scanner == null) {
			this.scanner = new HeartbeatScanner(this.dir, settings().staleThreshold(), this.scannerProbe, this.clock,
					null, this.limits);
		}
		return this.scanner;
	}

	public LatestPresence latest() {
		if (this.latest == null) {
			this.latest = new LatestPresence(this.clock.instant());
		}
		return this.latest;
	}

	/** The runner as the check builds it: it reads the state file and writes none. */
	public ScanRunner runner() {
		if (this.runner == null) {
			this.runner = ScanRunner.standalone(scanner(), settings(), this.clock, latest());
		}
		return this.runner;
	}

	/** Writes a heartbeat the way a wrapper does, refreshed at the given time. */
	public Path write(long pid, String uuid, Instant lastRefresh) {
		return HeartbeatFiles.write(this.dir, pid, uuid, lastRefresh);
	}

	@Override
	public void close() {
		if (this.jimfs != null) {
			try {
				this.jimfs.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void requireNotBuilt() {
		if (this.scanner != null) {
			throw new IllegalStateException("the scanner is built already");
		}
	}

}
