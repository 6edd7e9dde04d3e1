package dev.iaimcp.heartbeat.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Liveness from Linux's {@code /proc}: one read of {@code /proc/<pid>/stat} says whether
 * the process exists (whoever owns it), whether it has exited (a zombie), and when it
 * started, in clock ticks since boot; {@code /proc/uptime} gives its age. Neither moves
 * when the wall clock steps. {@link ProcessHandle} would read that file three times and
 * several others besides for the same answer.
 */
public final class ProcfsProcessProbe implements ProcessProbe {

	/**
	 * USER_HZ: the unit of /proc's tick counts, 100 on every architecture Linux runs
	 * laptops on.
	 */
	private static final long TICKS_PER_SECOND = 100;

	/**
	 * Field 22 of /proc/<pid>/stat, counted from the state (field 3) after the command.
	 */
	private static final int START_TIME_INDEX = 22 - 3;

	/**
	 * "seconds.hundredths idle-seconds.hundredths": the first number ends well within
	 * this.
	 */
	private static final int UPTIME_BYTES = 32;

	/**
	 * Enough of {@code /proc/<pid>/stat} for its start time, the 22nd field: the command
	 * takes at most 64 bytes, the 19 numbers before the start at most 20 digits each.
	 */
	private static final int STAT_BYTES = 1024;

	private final Path proc;

	private final Path uptimeFile;

	public ProcfsProcessProbe(Path proc) {
		this.proc = proc;
		this.uptimeFile = proc.resolve("uptime");
	}

	public static boolean isAvailable(Path proc) {
		return Files.isReadable(proc.resolve("self").resolve("stat")) && Files.isReadable(proc.resolve("uptime"));
	}

	@Override
	public ProcessLiveness check(long pid) {
		if (!ProcessLiveness.canNameAProcess(pid)) {
			return ProcessLiveness.DEAD;
		}
		Path statFile = statFile(pid);
		// Most pids a scan asks about are dead: answer those without building an
		// exception.
		if (!Files.exists(statFile)) {
			return ProcessLiveness.DEAD;
		}
		try {
			return livenessOf(head(statFile, STAT_BYTES));
		}
		catch (NoSuchFileException ex) {
			return ProcessLiveness.DEAD;
		}
		catch (IOException ex) {
			// It exists but cannot be read: alive, like kill(2)'s EPERM.
			return ProcessLiveness.alive(null);
		}
	}

	/**
	 * Holds the process's stat file open: reading it again costs one system call, and
	 * once the process is gone the read fails, even if its pid names a new process by
	 * then.
	 */
	@Override
	public WatchedProcess watch(long pid) {
		if (!ProcessLiveness.canNameAProcess(pid)) {
			return OpenStatFile.ENDED;
		}
		try {
			return new OpenStatFile(FileChannel.open(statFile(pid)));
		}
		catch (NoSuchFileException ex) {
			return OpenStatFile.ENDED;
		}
		catch (IOException ex) {
			// It exists but cannot be opened: ask by pid each time.
			return ProcessProbe.super.watch(pid);
		}
	}

	private Path statFile(long pid) {
		return this.proc.resolve(Long.toString(pid)).resolve("stat");
	}

	private ProcessLiveness livenessOf(String stat) {
		// The command, in parentheses, may itself hold spaces and parentheses.
		int state = stat.lastIndexOf(')') + 2;
		if (state >= stat.length()) {
			return ProcessLiveness.alive(null);
		}
		if (hasExited(stat.charAt(state))) {
			return ProcessLiveness.DEAD;
		}
		return ProcessLiveness.alive(startOf(stat.substring(state).split(" ")));
	}

	// A zombie (Z) has exited and waits for its parent to reap it; X is the moment after.
	private static boolean hasExited(int state) {
		return state == 'Z' || state == 'X';
	}

	private @Nullable ProcessStart startOf(String[] fields) {
		if (fields.length <= START_TIME_INDEX) {
			return null;
		}
		try {
			long ticks = Long.parseLong(fields[START_TIME_INDEX]);
			// Read after the stat file, so that the uptime is never earlier than the
			// start.
			Duration uptime = uptime();
			return (uptime != null) ? new ProcessStart(ticks, uptime.minusMillis(ticks * 1000 / TICKS_PER_SECOND))
					: null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private @Nullable Duration uptime() {
		try {
			String seconds = head(this.uptimeFile, UPTIME_BYTES);
			return Duration.ofMillis(Math.round(Double.parseDouble(seconds.substring(0, seconds.indexOf(' '))) * 1000));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	// Both files are read for every live pid a scan probes: into the few bytes that are
	// used, not Files' 8 KiB buffer (a procfs file reports no size).
	private static String head(Path file, int bytes) throws IOException {
		byte[] head = new byte[bytes];
		try (InputStream in = Files.newInputStream(file)) {
			return new String(head, 0, in.readNBytes(head, 0, bytes), StandardCharsets.US_ASCII);
		}
	}

	/** A process's stat file, held open. */
	private static final class OpenStatFile implements WatchedProcess {

		static final WatchedProcess ENDED = new WatchedProcess() {

			@Override
			public boolean hasEnded() {
				return true;
			}

			@Override
			public void close() {
			}

		};

		/**
		 * "pid (command) state": the command is at most 15 bytes, so its end is in here.
		 */
		private final ByteBuffer head = ByteBuffer.allocate(64);

		private final FileChannel stat;

		OpenStatFile(FileChannel stat) {
			this.stat = stat;
		}

		@Override
		public boolean hasEnded() {
			this.head.clear();
			try {
				int length = this.stat.read(this.head, 0);
				int state = lastIndexOf(')', length) + 2;
				return state < 2 || state >= length || hasExited(this.head.get(state));
			}
			catch (IOException ex) {
				// ESRCH: the process it was opened for is gone.
				return true;
			}
		}

		private int lastIndexOf(char c, int length) {
			for (int i = length - 1; i >= 0; i--) {
				if (this.head.get(i) == c) {
					return i;
				}
			}
			return -1;
		}

		@Override
		public void close() {
			try {
				this.stat.close();
			}
			catch (IOException ex) {
				// Nothing was written: nothing to lose.
			}
		}

	}

}
