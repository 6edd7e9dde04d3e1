import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own way to hear of another process's end, measured: ProcessHandle.onExit() for
 * processes that are not our children (as wrappers are not the service's).
 *
 *   java bench/tools/OnExitLatency.java WATCHED_SEC...
 *
 * For each WATCHED_SEC, one `sleep` that is not our child (a shell's, which reaps it at
 * once, as an MCP client reaps its wrapper) is watched with onExit() for that long, then killed;
 * prints the time from the kill to onExit() completing, the threads the JDK started to
 * watch, and this JVM's CPU time while watching. All run side by side.
 */
public class OnExitLatency {

	public static void main(String[] args) throws Exception {
		long cpuBefore = cpuNanos();
		long startedAt = System.nanoTime();
		List<Thread> rounds = new ArrayList<>();
		for (String arg : args) {
			long watchedSec = Long.parseLong(arg);
			Thread round = new Thread(() -> measure(watchedSec));
			round.start();
			rounds.add(round);
		}
		Thread.sleep(2000);
		System.out.printf("threads named 'process reaper' while %d processes are watched: %d%n", args.length,
				Thread.getAllStackTraces().keySet().stream().filter((t) -> t.getName().startsWith("process reaper")).count());
		for (Thread round : rounds) {
			round.join();
		}
		System.out.printf("JVM CPU %.0f ms over %.0f s of watching%n", (cpuNanos() - cpuBefore) / 1e6,
				(System.nanoTime() - startedAt) / 1e9);
	}

	private static void measure(long watchedSec) {
		try {
			Process shell = new ProcessBuilder("sh", "-c", "sleep 100000 >/dev/null 2>&1 & echo $!; wait").start();
			long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
				.readLine()
				.trim());
			ProcessHandle watched = ProcessHandle.of(pid).orElseThrow();
			long[] exitedAt = new long[1];
			var exit = watched.onExit().thenRun(() -> exitedAt[0] = System.nanoTime());
			Thread.sleep(TimeUnit.SECONDS.toMillis(watchedSec));
			new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
			long killedAt = System.nanoTime();
			exit.get(60, TimeUnit.SECONDS);
			System.out.printf("watched %4d s, then killed: onExit after %5d ms%n", watchedSec,
					(exitedAt[0] - killedAt) / 1_000_000);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
