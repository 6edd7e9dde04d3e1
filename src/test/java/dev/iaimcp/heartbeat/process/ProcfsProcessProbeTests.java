package dev.iaimcp.heartbeat.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /proc} probe against a process table written by the test, for the cases a
 * real one cannot be made to show on demand.
 */
class ProcfsProcessProbeTests {

	@TempDir
	Path proc;

	@Test
	void startIsTheKernelsTickCountAndAgeIsTheUptimeSinceThen() throws IOException {
		uptime("200.50 390.12");
		stat(42, "42 (node) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 1000 10 18446744073709551615");
		assertThat(probe().check(42))
			.isEqualTo(ProcessLiveness.alive(new ProcessStart(12345, Duration.ofMillis(200_500 - 123_450))));
	}

	@Test
	void processWhoseStatExistsButCannotBeReadIsAliveWithoutAStart() throws IOException {
		uptime("200.50 390.12");
		// As root nothing is unreadable; a directory in its place fails the read the same
		// way.
		Files.createDirectories(this.proc.resolve("42/stat"));
		assertThat(probe().check(42)).isEqualTo(ProcessLiveness.alive(null));
	}

	@Test
	void exitingProcessIsDead() throws IOException {
		uptime("200.50 390.12");
		stat(42, "42 (node) X 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 1000 10 18446744073709551615");
		assertThat(probe().check(42).alive()).isFalse();
	}

	@Test
	void processWithoutAReadableStartIsAliveWithoutOne() throws IOException {
		uptime("200.50 390.12");
		stat(42, "42 (node) S 1 42");
		stat(43, "43 (node) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 soon 1000 10 18446744073709551615");
		assertThat(probe().check(42)).isEqualTo(ProcessLiveness.alive(null));
		assertThat(probe().check(43)).isEqualTo(ProcessLiveness.alive(null));
	}

	@Test
	void processIsAliveWithoutAStartWhenUptimeCannotBeRead() throws IOException {
		stat(42, "42 (node) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 1000 10 18446744073709551615");
		assertThat(probe().check(42)).isEqualTo(ProcessLiveness.alive(null));
	}

	private ProcfsProcessProbe probe() {
		return new ProcfsProcessProbe(this.proc);
	}

	private void uptime(String content) throws IOException {
		Files.writeString(this.proc.resolve("uptime"), content + "\n");
	}

	private void stat(long pid, String content) throws IOException {
		Files.writeString(Files.createDirectories(this.proc.resolve(Long.toString(pid))).resolve("stat"),
				content + "\n");
	}

}
