package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Liveness from Linux's {@code /proc}: one read of {@code /proc/<pid>/stat} says whether
 * the process exists (whoever owns it) and when it started. {@link ProcessHandle} would
 * read that file three times and several others besides for the same answer.
 */
final class ProcfsProcessProbe implements ProcessProbe {

	/** USER_HZ: the unit of /proc's tick counts, 100 on every architecture Linux runs laptops on. */
	private static final long TICKS_PER_SECOND = 100;

	/** Field 22 of /proc/<pid>/stat, counted from the state (field 3) after the command. */
	private static final int START_TIME_INDEX = 22 - 3;

	private static final Duration BOOT_TIME_REUSE = Duration.ofSeconds(1);

	private final Path proc;

	private final Clock clock;

	private final LongSupplier monotonicNanos;

	private @Nullable Instant bootTime;

	private long bootTimeReadAt;

	ProcfsProcessProbe(Path proc, Clock clock, LongSupplier monotonicNanos) {
		this.proc = proc;
		this.clock = clock;
		this.monotonicNanos = monotonicNanos;
	}

	static boolean isAvailable(Path proc) {
		return Files.isReadable(proc.resolve("self").resolve("stat")) && Files.isReadable(proc.resolve("uptime"));
	}

	@Override
	public ProcessLiveness check(long pid) {
		if (pid <= 0 || pid > Integer.MAX_VALUE) {
			return ProcessLiveness.DEAD;
		}
		Path statFile = this.proc.resolve(Long.toString(pid)).resolve("stat");
		// Most pids a scan asks about are dead: answer those without building an exception.
		if (!Files.exists(statFile)) {
			return ProcessLiveness.DEAD;
		}
		try {
			return ProcessLiveness.alive(startOf(new String(Files.readAllBytes(statFile), StandardCharsets.US_ASCII)));
		}
		catch (NoSuchFileException ex) {
			return ProcessLiveness.DEAD;
		}
		catch (IOException ex) {
			// It exists but cannot be read: alive, like kill(2)'s EPERM.
			return ProcessLiveness.alive(null);
		}
	}

	private @Nullable Instant startOf(String stat) {
		// The command, in parentheses, may itself hold spaces and parentheses.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		if (fields.length <= START_TIME_INDEX) {
			return null;
		}
		try {
			long ticks = Long.parseLong(fields[START_TIME_INDEX]);
			Instant boot = bootTime();
			return (boot != null) ? boot.plusMillis(ticks * 1000 / TICKS_PER_SECOND) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Boot time by the current wall clock, re-read at most every second so that a stepped
	 * clock moves process start times with it, as it moved the writers' timestamps.
	 */
	private synchronized @Nullable Instant bootTime() {
		long now = this.monotonicNanos.getAsLong();
		if (this.bootTime == null || now - this.bootTimeReadAt > BOOT_TIME_REUSE.toNanos()) {
			this.bootTime = readBootTime();
			this.bootTimeReadAt = now;
		}
		return this.bootTime;
	}

	private @Nullable Instant readBootTime() {
		try {
			String uptime = Files.readString(this.proc.resolve("uptime"), StandardCharsets.US_ASCII);
			double seconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
			return this.clock.instant().minusMillis(Math.round(seconds * 1000));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
