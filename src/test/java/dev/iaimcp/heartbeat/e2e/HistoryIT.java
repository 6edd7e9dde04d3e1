package dev.iaimcp.heartbeat.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history as a user reads it from the built jar: wrappers that come and go, each
 * departure with its reason, and a restart that keeps all of it.
 */
class HistoryIT {

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	private Process service;

	@BeforeEach
	void prepare() throws Exception {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = Files.createDirectories(this.tempDir.resolve("store/wrappers"));
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	void arrivalsAndDeparturesWithTheirReasonsSurviveARestart() throws Exception {
		ServiceClient client = start();
		Process crashing = sleep();
		Process leaving = sleep();
		heartbeatOf(crashing);
		Path leavingFile = heartbeatOf(leaving);
		ServiceClient.waitUntil().until(() -> arrivals(client).containsAll(List.of(crashing.pid(), leaving.pid())));

		crashing.destroyForcibly();
		ServiceClient.waitUntil().until(() -> departure(client, crashing.pid()).equals("PROCESS_ENDED"));
		Files.delete(leavingFile);
		ServiceClient.waitUntil().until(() -> departure(client, leaving.pid()).equals("FILE_REMOVED"));
		ServiceClient.waitUntil().until(() -> kinds(client).contains("FILE_CLEANED_UP:" + crashing.pid()));
		List<String> before = kinds(client);

		stop();
		ServiceClient restarted = start();
		List<String> after = kinds(restarted);
		assertThat(after).startsWith(before.toArray(String[]::new))
			.containsSubsequence("SERVICE_STOPPED", "SERVICE_STARTED");
		assertThat(after.subList(before.size(), after.size())).startsWith("SERVICE_STOPPED", "SERVICE_STARTED");

		// The restarted service saves its start within 5 s; what the file holds until
		// then
		// ends with the stop.
		Launcher.Result check = this.launcher.check("--history", "20",
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir);
		assertThat(check.exitCode()).as(check.stderr()).isZero();
		assertThat(check.stdout())
			.contains("  WRAPPER_DEPARTED  pid " + crashing.pid() + "  PROCESS_ENDED  pid " + crashing.pid()
					+ " is not running; here for ")
			.contains("  WRAPPER_DEPARTED  pid " + leaving.pid() + "  FILE_REMOVED  here for ")
			.contains("  SERVICE_STOPPED\n");
	}

	private ServiceClient start() throws Exception {
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		this.service = service;
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		return client;
	}

	private void stop() throws InterruptedException {
		this.service.destroy();
		assertThat(this.service.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
	}

	private Process sleep() throws Exception {
		return this.launcher.process(List.of("sleep", "600"));
	}

	// Written as a wrapper writes its first heartbeat: FRESH for the stale threshold.
	private Path heartbeatOf(Process process) {
		Instant started = process.info().startInstant().orElseThrow();
		return HeartbeatFiles.write(this.wrappersDir, process.pid(), "e2e-" + process.pid(), started, Instant.now());
	}

	private static List<Long> arrivals(ServiceClient client) throws Exception {
		return events(client).stream()
			.filter((event) -> event.path("kind").stringValue().equals("WRAPPER_ARRIVED"))
			.map((event) -> event.path("pid").longValue())
			.toList();
	}

	private static String departure(ServiceClient client, long pid) throws Exception {
		return events(client).stream()
			.filter((event) -> event.path("kind").stringValue().equals("WRAPPER_DEPARTED"))
			.filter((event) -> event.path("pid").longValue() == pid)
			.map((event) -> event.path("reason").stringValue())
			.findFirst()
			.orElse("");
	}

	private static List<String> kinds(ServiceClient client) throws Exception {
		return events(client).stream()
			.map((event) -> event.path("kind").stringValue()
					+ (event.has("pid") ? ":" + event.path("pid").longValue() : ""))
			.toList();
	}

	private static List<JsonNode> events(ServiceClient client) throws Exception {
		return client.get("/actuator/history?limit=1000").path("events").valueStream().toList();
	}

}
