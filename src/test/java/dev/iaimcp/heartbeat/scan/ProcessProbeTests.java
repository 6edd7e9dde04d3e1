package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both ways of reading the process table, against real processes.
 */
class ProcessProbeTests {

	static Stream<ProcessProbe> probes() {
		Stream<ProcessProbe> portable = Stream.of(new ProcessHandleProbe(Clock.systemUTC()));
		Path proc = Path.of("/proc");
		return ProcfsProcessProbe.isAvailable(proc)
				? Stream.concat(portable, Stream.of(new ProcfsProcessProbe(proc)))
				: portable;
	}

	@ParameterizedTest
	@MethodSource("probes")
	void runningChildProcessIsAliveAndAsOldAsItIs(ProcessProbe probe) throws IOException {
		long before = System.nanoTime();
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			ProcessLiveness liveness = probe.check(sleeper.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.start().age()).isBetween(Duration.ZERO.minusSeconds(1),
					Duration.ofNanos(System.nanoTime() - before).plusSeconds(1));
		}
		finally {
			sleeper.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void reapedChildProcessIsDead(ProcessProbe probe) throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		sleeper.destroyForcibly().waitFor();
		assertThat(probe.check(sleeper.pid()).alive()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("probes")
	void zombieIsDead(ProcessProbe probe) throws Exception {
		// The inner sleep exits and the exec'd outer sleep never reaps it.
		Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
		try {
			long zombie = await().atMost(Duration.ofSeconds(10))
				.until(() -> parent.children().findFirst().map(ProcessHandle::pid).orElse(0L), (pid) -> pid > 0);
			await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(zombie), "Z"::equals);
			assertThat(probe.check(zombie).alive()).isFalse();
		}
		finally {
			parent.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void processOfAnotherUserIsAlive(ProcessProbe probe) {
		// pid 1 belongs to root; where the tests run as another user, kill(1, 0) is EPERM.
		assertThat(probe.check(1).alive()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("probes")
	void pidsThatCannotNameAProcessAreDead(ProcessProbe probe) {
		assertThat(probe.check(0).alive()).isFalse();
		assertThat(probe.check(-1).alive()).isFalse();
		assertThat(probe.check(-ProcessHandle.current().pid()).alive()).isFalse();
		assertThat(probe.check(Integer.MAX_VALUE + 1L).alive()).isFalse();
		assertThat(probe.check(Long.MAX_VALUE).alive()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("probes")
	void ownProcessIsAsOldAsTheJdkSaysItIs(ProcessProbe probe) {
		Duration jdkSays = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
		ProcessLiveness liveness = probe.check(ProcessHandle.current().pid());
		assertThat(liveness.alive()).isTrue();
		assertThat(liveness.start().age().minus(jdkSays).abs()).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void commandNamesWithSpacesAndParenthesesDoNotConfuseProcfs(@TempDir Path dir) throws Exception {
		Path proc = Path.of("/proc");
		assumeTrue(ProcfsProcessProbe.isAvailable(proc), "needs Linux's /proc");
		Path oddName = Files.copy(Path.of("/bin/sleep"), dir.resolve("x) 1 2 (y"));
		oddName.toFile().setExecutable(true);
		long before = System.nanoTime();
		Process odd = new ProcessBuilder(oddName.toString(), "30").start();
		try {
			ProcessLiveness liveness = new ProcfsProcessProbe(proc).check(odd.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.start().age()).isBetween(Duration.ZERO.minusSeconds(1),
					Duration.ofNanos(System.nanoTime() - before).plusSeconds(1));
		}
		finally {
			odd.destroyForcibly();
		}
	}

	@Test
	void systemProbeReadsProcfsWhereThereIsOne() {
		assumeTrue(ProcfsProcessProbe.isAvailable(Path.of("/proc")), "needs Linux's /proc");
		assertThat(ProcessProbe.system()).isInstanceOf(ProcfsProcessProbe.class);
	}

	private static String stateOf(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	}

}
