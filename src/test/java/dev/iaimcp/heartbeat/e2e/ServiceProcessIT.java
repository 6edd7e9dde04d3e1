package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar as its own process, started the way launchd starts it, with heartbeat
 * writers as separate processes that keep the wrappers' protocol.
 */
class ServiceProcessIT {

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	void serviceFollowsWrappersCleansUpAfterACrashAndStopsCleanlyOnSigterm() throws Exception {
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		assertThat(log()).as("deploy/jvm.options starts it from the build's AOT bean definitions")
			.contains("Starting AOT-processed HeartbeatScannerApplication");

		Process leaving = this.launcher.writer(this.wrappersDir);
		Process crashing = this.launcher.writer(this.wrappersDir);
		ServiceClient.waitUntil().until(() -> freshPids(client).containsAll(List.of(leaving.pid(), crashing.pid())));

		leaving.destroy();
		assertThat(leaving.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		ServiceClient.waitUntil().until(() -> !freshPids(client).contains(leaving.pid()));
		assertThat(HeartbeatWriter.heartbeatOf(leaving, this.wrappersDir)).as("a clean exit removes its own heartbeat")
			.isEmpty();

		Path crashed = HeartbeatWriter.heartbeatOf(crashing, this.wrappersDir).orElseThrow();
		crashing.destroyForcibly();
		ServiceClient.waitUntil()
			.until(() -> log().contains("Deleted " + crashed + " (ORPHAN: pid " + crashing.pid() + " is not running)"));
		assertThat(crashed).doesNotExist();
		assertThat(log()).doesNotContain("Deleted " + this.wrappersDir.resolve("heartbeat-" + leaving.pid()));
		ServiceClient.waitUntil().until(() -> client.get("/actuator/presence").path("entries").isEmpty());
		assertThat(client.get("/actuator/presence").path("active").booleanValue()).isFalse();
		assertThat(client.send("/actuator/prometheus").body())
			.contains("heartbeat_deleted_total{reason=\"orphan\"} 1.0")
			.contains("heartbeat_wrappers{status=\"fresh\"} 0.0")
			// Boot's observation of the @Scheduled tick, which the AOT build keeps.
			.containsPattern(
					"tasks_scheduled_execution_seconds_count\\{code_function=\"tick\",[^}]*outcome=\"SUCCESS\"\\} [1-9]");

		long stopNanos = System.nanoTime();
		service.destroy();
		assertThat(service.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Duration stopped = Duration.ofNanos(System.nanoTime() - stopNanos);
		System.out.println("service stopped " + stopped.toMillis() + " ms after SIGTERM");
		assertThat(service.exitValue()).as("128 + SIGTERM, which the unit's SuccessExitStatus accepts").isEqualTo(143);
		assertThat(log()).contains("Stopping: the JVM is shutting down (SIGTERM, SIGINT, SIGHUP or System.exit)");
		assertThat(lastLine(log())).contains("ShutdownReporter").contains("Stopped after");
		assertThat(stopped).isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void aSeparateManagementPortStopsTheAotProcessedServiceNamingTheKey() throws Exception {
		Process service = this.launcher.service(List.of("--server.port=" + ServiceClient.freePort(),
				"--management.server.port=" + ServiceClient.freePort(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir));
		assertThat(service.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		String output = Launcher.read(this.tempDir.resolve("service.stdout"));
		assertThat(service.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("Invalid value")
			.contains("'management.server.port'")
			.contains("remove that line from jvm.options");
	}

	private List<Long> freshPids(ServiceClient client) throws Exception {
		return client.get("/actuator/presence")
			.path("entries")
			.valueStream()
			.filter((entry) -> "FRESH".equals(entry.path("status").stringValue()))
			.map((entry) -> entry.path("pid").longValue())
			.toList();
	}

	private String log() {
		return Launcher.read(this.logFile);
	}

	private static String lastLine(String text) {
		List<String> lines = text.strip().lines().toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

}
