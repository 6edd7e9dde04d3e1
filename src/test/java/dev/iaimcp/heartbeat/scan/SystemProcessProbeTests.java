package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SystemProcessProbeTests {

	private final ProcessProbe probe = ProcessProbe.system();

	@Test
	void runningChildProcessIsAliveWithItsStartTime() throws IOException {
		Instant before = Instant.now().minusSeconds(2);
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			ProcessLiveness liveness = this.probe.check(sleeper.pid());
			assertThat(liveness.alive()).isTrue();
			assertThat(liveness.startedAt()).isBetween(before, Instant.now().plusSeconds(2));
		}
		finally {
			sleeper.destroyForcibly();
		}
	}

	@Test
	void reapedChildProcessIsDead() throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		sleeper.destroyForcibly().waitFor();
		assertThat(this.probe.check(sleeper.pid()).alive()).isFalse();
	}

	@Test
	void processOfAnotherUserIsAlive() {
		// pid 1 belongs to root; where the tests run as another user, kill(1, 0) is EPERM.
		assertThat(this.probe.check(1).alive()).isTrue();
	}

	@Test
	void pidsThatCannotNameAProcessAreDead() {
		assertThat(this.probe.check(0).alive()).isFalse();
		assertThat(this.probe.check(-1).alive()).isFalse();
		assertThat(this.probe.check(-ProcessHandle.current().pid()).alive()).isFalse();
		assertThat(this.probe.check(Integer.MAX_VALUE + 1L).alive()).isFalse();
		assertThat(this.probe.check(Long.MAX_VALUE).alive()).isFalse();
	}

	@Test
	void ownProcessIsAliveAndStartedInThePast() {
		ProcessLiveness liveness = this.probe.check(ProcessHandle.current().pid());
		assertThat(liveness.alive()).isTrue();
		assertThat(liveness.startedAt()).isBefore(Instant.now().plus(Duration.ofSeconds(1)));
	}

}
