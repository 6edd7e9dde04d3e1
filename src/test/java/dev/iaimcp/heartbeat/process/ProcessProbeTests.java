package dev.iaimcp.heartbeat.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.iaimcp.heartbeat.testsupport.MutableClock;
import dev.iaimcp.heartbeat.testsupport.ReusedPids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both ways of reading the process table, held to the same rules against real processes:
 * Linux's {@code /proc}, and {@link ProcessHandle}, which macOS uses and which runs here
 * too.
 */
class ProcessProbeTests {

	private static final Path PROC = Path.of("/proc");

	private static final long NOBODY = 65534;

	static Stream<Named<Function<Clock, ProcessProbe>>> probes() {
		assumeTrue(ProcfsProcessProbe.isAvailable(PROC), "the suite runs both probes, and one needs Linux's /proc");
		return Stream.of(Named.of("ProcessHandle", ProcessHandleProbe::new),
				Named.of("procfs", (clock) -> new ProcfsProcessProbe(PROC)));
	}

	@ParameterizedTest
	@MethodSource("probes")
	void runningChildProcessIsAliveAndAsOldAsItIs(Function<Clock, ProcessProbe> probes) throws IOException {
		long before = System.nanoTime();
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			ProcessProbe probe = probes.apply(Clock.systemUTC());
			ProcessLiveness liveness = probe.check(sleeper.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.start().age()).isBetween(Duration.ofSeconds(-1),
					Duration.ofNanos(System.nanoTime() - before).plusSeconds(1));
		}
		finally {
			sleeper.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void ownProcessIsAsOldAsTheJdkSaysItIs(Function<Clock, ProcessProbe> probes) {
		Duration jdkSays = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
		ProcessLiveness liveness = probes.apply(Clock.systemUTC()).check(ProcessHandle.current().pid());
		assertThat(liveness.alive()).isTrue();
		assertThat(liveness.start().age().minus(jdkSays).abs()).isLessThan(Duration.ofMillis(1500));
	}

	@ParameterizedTest
	@MethodSource("probes")
	void processKeepsItsIdentityWhileItAgesAndWhenTheWallClockSteps(Function<Clock, ProcessProbe> probes)
			throws Exception {
		MutableClock wall = new MutableClock(Instant.now());
		ProcessProbe probe = probes.apply(wall);
		ProcessStart first = probe.check(ProcessHandle.current().pid()).start();
		Thread.sleep(1100);
		wall.advance(Duration.ofMillis(1100));
		ProcessStart later = probe.check(ProcessHandle.current().pid()).start();
		wall.advance(Duration.ofHours(3));
		ProcessStart afterStep = probe.check(ProcessHandle.current().pid()).start();
		assertThat(List.of(later.identity(), afterStep.identity())).containsOnly(first.identity());
		assertThat(later.age().minus(first.age())).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(3));
	}

	@ParameterizedTest
	@MethodSource("probes")
	void watchedProcessHasEndedOnceKilledAndNotBefore(Function<Clock, ProcessProbe> probes) throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try (WatchedProcess watched = probes.apply(Clock.systemUTC()).watch(sleeper.pid())) {
			assertThat(watched.hasEnded()).isFalse();
			assertThat(watched.hasEnded()).isFalse();
			sleeper.destroyForcibly().waitFor();
			assertThat(watched.hasEnded()).isTrue();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void watchedProcessWhosePidNowNamesAnotherHasEnded(Function<Clock, ProcessProbe> probes) throws Exception {
		Process first = new ProcessBuilder("sleep", "60").start();
		Thread.sleep(100);
		try (WatchedProcess watched = probes.apply(Clock.systemUTC()).watch(first.pid())) {
			first.destroyForcibly().waitFor();
			Process second = ReusedPids.sleepOn(first.pid());
			try {
				assertThat(watched.hasEnded()).isTrue();
			}
			finally {
				second.destroyForcibly();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void reusedPidNamesAProcessWithAnotherIdentityAndItsOwnAge(Function<Clock, ProcessProbe> probes) throws Exception {
		ProcessProbe probe = probes.apply(Clock.systemUTC());
		Process first = new ProcessBuilder("sleep", "60").start();
		long pid = first.pid();
		Thread.sleep(1100);
		ProcessStart firstStart = probe.check(pid).start();
		first.destroyForcibly().waitFor();
		Process second = ReusedPids.sleepOn(pid);
		try {
			ProcessStart secondStart = probe.check(pid).start();
			assertThat(secondStart.identity()).isNotEqualTo(firstStart.identity());
			assertThat(secondStart.age()).isLessThan(firstStart.age());
		}
		finally {
			second.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void reapedChildProcessIsDead(Function<Clock, ProcessProbe> probes) throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		sleeper.destroyForcibly().waitFor();
		ProcessProbe probe = probes.apply(Clock.systemUTC());
		assertThat(probe.check(sleeper.pid()).alive()).isFalse();
		try (WatchedProcess watched = probe.watch(sleeper.pid())) {
			assertThat(watched.hasEnded()).isTrue();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void zombieIsDead(Function<Clock, ProcessProbe> probes) throws Exception {
		// The inner sleep exits and the exec'd outer sleep never reaps it.
		Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
		try {
			long zombie = await().atMost(Duration.ofSeconds(10))
				.until(() -> parent.children().findFirst().map(ProcessHandle::pid).orElse(0L), (pid) -> pid > 0);
			await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(zombie), "Z"::equals);
			ProcessProbe probe = probes.apply(Clock.systemUTC());
			assertThat(probe.check(zombie).alive()).isFalse();
			try (WatchedProcess watched = probe.watch(zombie)) {
				assertThat(watched.hasEnded()).isTrue();
			}
		}
		finally {
			parent.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void processOfAnotherUserIsAlive(Function<Clock, ProcessProbe> probes) throws Exception {
		ProcessProbe probe = probes.apply(Clock.systemUTC());
		if (!isRoot()) {
			// pid 1 belongs to root: kill(1, 0) fails with EPERM here.
			assertThat(probe.check(1).alive()).isTrue();
			return;
		}
		Process foreign = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
				"sleep", "30")
			.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> ownerOf(foreign.pid()) == NOBODY);
			ProcessLiveness liveness = probe.check(foreign.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.start().age()).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			foreign.destroyForcibly();
		}
	}

	@ParameterizedTest
	@MethodSource("probes")
	void pidsThatCannotNameAProcessAreDead(Function<Clock, ProcessProbe> probes) {
		ProcessProbe probe = probes.apply(Clock.systemUTC());
		assertThat(probe.check(0).alive()).isFalse();
		assertThat(probe.check(-1).alive()).isFalse();
		assertThat(probe.check(-ProcessHandle.current().pid()).alive()).isFalse();
		assertThat(probe.check(Integer.MAX_VALUE + 1L).alive()).isFalse();
		assertThat(probe.check(Long.MAX_VALUE).alive()).isFalse();
	}

	@Test
	void commandNamesWithSpacesAndParenthesesDoNotConfuseProcfs(@TempDir Path dir) throws Exception {
		assumeTrue(ProcfsProcessProbe.isAvailable(PROC), "needs Linux's /proc");
		Path oddName = Files.copy(Path.of("/bin/sleep"), dir.resolve("x) 1 2 (y"));
		oddName.toFile().setExecutable(true);
		long before = System.nanoTime();
		Process odd = new ProcessBuilder(oddName.toString(), "30").start();
		try {
			ProcessLiveness liveness = new ProcfsProcessProbe(PROC).check(odd.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.start().age()).isBetween(Duration.ofSeconds(-1),
					Duration.ofNanos(System.nanoTime() - before).plusSeconds(1));
		}
		finally {
			odd.destroyForcibly();
		}
	}

	@Test
	void systemProbeReadsProcfsWhereThereIsOne() {
		assumeTrue(ProcfsProcessProbe.isAvailable(PROC), "needs Linux's /proc");
		assertThat(ProcessProbe.system()).isInstanceOf(ProcfsProcessProbe.class);
	}

	private static String stateOf(long pid) throws IOException {
		String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
		return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	}

	private static long ownerOf(long pid) throws IOException {
		return ((Number) Files.getAttribute(PROC.resolve(Long.toString(pid)), "unix:uid")).longValue();
	}

	private static boolean isRoot() throws IOException {
		return ownerOf(ProcessHandle.current().pid()) == 0;
	}

}
