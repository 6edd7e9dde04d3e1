package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Liveness from Linux's {@code /proc}: one read of {@code /proc/<pid>/stat} says whether
 * the process exists (whoever owns it), whether it has exited (a zombie), and when it
 * started, in clock ticks since boot;
 * {@code /proc/uptime} gives its age. Neither moves when the wall clock steps.
 * {@link ProcessHandle} would read that file three times and several others besides for
 * the same answer.
 */
final class ProcfsProcessProbe implements ProcessProbe {

	/** USER_HZ: the unit of /proc's tick counts, 100 on every architecture Linux runs laptops on. */
	static final long TICKS_PER_SECOND = 100;

	/** Field 22 of /proc/<pid>/stat, counted from the state (field 3) after the command. */
	private static final int START_TIME_INDEX = 22 - 3;

	private final Path proc;

	ProcfsProcessProbe(Path proc) {
		this.proc = proc;
	}

	static boolean isAvailable(Path proc) {
		return Files.isReadable(proc.resolve("self").resolve("stat")) && Files.isReadable(proc.resolve("uptime"));
	}

	@Override
	public ProcessLiveness check(long pid) {
		return check(pid, true);
	}

	// Without the start there is no uptime to read.
	@Override
	public boolean isAlive(long pid) {
		return check(pid, false).alive();
	}

	private ProcessLiveness check(long pid, boolean withStart) {
		if (!ProcessLiveness.canNameAProcess(pid)) {
			return ProcessLiveness.DEAD;
		}
		Path statFile = this.proc.resolve(Long.toString(pid)).resolve("stat");
		// Most pids a scan asks about are dead: answer those without building an exception.
		if (!Files.exists(statFile)) {
			return ProcessLiveness.DEAD;
		}
		try {
			return livenessOf(new String(Files.readAllBytes(statFile), StandardCharsets.US_ASCII), withStart);
		}
		catch (NoSuchFileException ex) {
			return ProcessLiveness.DEAD;
		}
		catch (IOException ex) {
			// It exists but cannot be read: alive, like kill(2)'s EPERM.
			return ProcessLiveness.alive(null);
		}
	}

	private ProcessLiveness livenessOf(String stat, boolean withStart) {
		// The command, in parentheses, may itself hold spaces and parentheses.
		String afterCommand = stat.substring(stat.lastIndexOf(')') + 2);
		// A zombie (Z) has exited and waits for its parent to reap it; X is the moment after.
		if (afterCommand.startsWith("Z") || afterCommand.startsWith("X")) {
			return ProcessLiveness.DEAD;
		}
		return ProcessLiveness.alive(withStart ? startOf(afterCommand.split(" ")) : null);
	}

	private @Nullable ProcessStart startOf(String[] fields) {
		if (fields.length <= START_TIME_INDEX) {
			return null;
		}
		try {
			long ticks = Long.parseLong(fields[START_TIME_INDEX]);
			// Read after the stat file, so that the uptime is never earlier than the start.
			Duration uptime = uptime();
			return (uptime != null)
					? new ProcessStart(ticks, uptime.minusMillis(ticks * 1000 / TICKS_PER_SECOND)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private @Nullable Duration uptime() {
		try {
			String uptime = Files.readString(this.proc.resolve("uptime"), StandardCharsets.US_ASCII);
			return Duration.ofMillis(Math.round(Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * 1000));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
