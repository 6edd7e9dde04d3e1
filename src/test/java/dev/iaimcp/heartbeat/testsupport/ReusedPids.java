package dev.iaimcp.heartbeat.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Real pid reuse, made on purpose: Linux hands out the pid after {@code ns_last_pid}
 * next, which root may set (CRIU restores processes this way).
 */
public final class ReusedPids {

	private static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

	private ReusedPids() {
	}

	/**
	 * Starts {@code sleep 60} under the given pid, which must be free.
	 * @param pid the pid the new process must get
	 * @return the process
	 */
	public static Process sleepOn(long pid) throws IOException, InterruptedException {
		// Another process or a thread (threads draw from the same numbers) may take it
		// first.
		for (int attempt = 0; attempt < 20; attempt++) {
			try {
				Files.writeString(NS_LAST_PID, Long.toString(pid - 1));
			}
			catch (IOException ex) {
				abort("reusing a pid on purpose needs root (" + NS_LAST_PID + "): " + ex);
			}
			Process process = new ProcessBuilder("sleep", "60").start();
			if (process.pid() == pid) {
				return process;
			}
			process.destroyForcibly().waitFor();
		}
		throw new IllegalStateException("pid " + pid + " was taken by others 20 times");
	}

}
