package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup guards against real processes stopped with SIGSTOP: the built jar with the
 * deployed flags, writers that refresh every second, a real directory.
 */
class CleanupGuardsIT {

	private final List<Long> stopped = new ArrayList<>();

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	private Process service;

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void resumeAndKillEverythingStarted() throws Exception {
		for (long pid : this.stopped) {
			signal("CONT", pid);
		}
		this.launcher.close();
	}

	/**
	 * Issue 9.2: two of three wrappers stop while the third keeps refreshing, so the
	 * directory watch rescans (without cleanup) every second. Their files must outlast
	 * the ticks that follow, not only the first.
	 */
	@Test
	void aMassExpiryKeepsTheStoppedWrappersFilesTickAfterTick() throws Exception {
		ServiceClient client = startService("--iai.heartbeat.tick-interval-sec=5",
				"--iai.heartbeat.stale-threshold-sec=4");
		Process refreshing = this.launcher.writer(this.wrappersDir);
		Process first = this.launcher.writer(this.wrappersDir);
		Process second = this.launcher.writer(this.wrappersDir);
		waitUntil().until(() -> fresh(client) == 3);
		// The guard compares with what the last deleting tick saw: let a tick see all
		// three.
		Thread.sleep(6_000);
		Path firstFile = HeartbeatWriter.heartbeatOf(first, this.wrappersDir).orElseThrow();
		Path secondFile = HeartbeatWriter.heartbeatOf(second, this.wrappersDir).orElseThrow();
		signal("STOP", first.pid(), second.pid());

		waitUntil()
			.untilAsserted(() -> assertThat(log()).contains("2 of 3 heartbeats that were FRESH turned STALE at once"));
		assertThat(log().lines().filter((line) -> line.contains("that were FRESH turned STALE at once")))
			.as("only scans that delete judge a mass expiry")
			.singleElement()
			.asString()
			.contains("heartbeat-tick");
		Thread.sleep(Duration.ofSeconds(16).toMillis());
		assertThat(firstFile).exists();
		assertThat(secondFile).exists();
		assertThat(log()).doesNotContain("Deleted " + firstFile).doesNotContain("Deleted " + secondFile);
		assertThat(client.get("/actuator/presence").path("stale").intValue()).isEqualTo(2);
		assertThat(refreshing.isAlive()).isTrue();

		signal("CONT", first.pid(), second.pid());
		waitUntil().until(() -> fresh(client) == 3);
	}

	/**
	 * Issue 9.3: service and wrapper frozen together for 8 s with a 3 s threshold and a 1
	 * s tick; the service resumes first and must not delete the wrapper's file before the
	 * wrapper had its chance to refresh.
	 */
	@Test
	void aStopOfServiceAndWrapperLongerThanTheThresholdKeepsTheWrappersFile() throws Exception {
		ServiceClient client = startService("--iai.heartbeat.tick-interval-sec=1",
				"--iai.heartbeat.stale-threshold-sec=3");
		Process writer = this.launcher.writer(this.wrappersDir);
		waitUntil().until(() -> fresh(client) == 1);
		Path file = HeartbeatWriter.heartbeatOf(writer, this.wrappersDir).orElseThrow();
		long service = this.service.pid();
		signal("STOP", service, writer.pid());
		Thread.sleep(8_000);
		signal("CONT", service);
		Thread.sleep(1_500);
		assertThat(file).exists();
		assertThat(log()).contains("keeping STALE heartbeats until").doesNotContain("Deleted " + file);
		signal("CONT", writer.pid());
		waitUntil().until(() -> fresh(client) == 1);
		assertThat(log()).doesNotContain("Deleted " + file);
	}

	private ServiceClient startService(String... settings) throws Exception {
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		List<String> args = new ArrayList<>(List.of("--server.port=" + client.port(),
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		args.addAll(List.of(settings));
		this.service = this.launcher.service(args);
		waitUntil().until(() -> client.isUp(this.service, () -> this.launcher.serviceOutput(this.logFile)));
		return client;
	}

	private void signal(String signal, long... pids) throws Exception {
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		for (long pid : pids) {
			command.add(Long.toString(pid));
			if (signal.equals("STOP")) {
				this.stopped.add(pid);
			}
		}
		assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
	}

	private ConditionFactory waitUntil() {
		return ServiceClient.waitUntil().pollInterval(Duration.ofMillis(100));
	}

	private int fresh(ServiceClient client) throws Exception {
		return client.get("/actuator/presence").path("fresh").intValue();
	}

	private String log() {
		return Launcher.read(this.logFile);
	}

}
