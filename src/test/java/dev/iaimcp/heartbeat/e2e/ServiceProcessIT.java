package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar as its own process, started the way launchd starts it, with heartbeat
 * writers as separate processes that keep the wrappers' protocol.
 */
class ServiceProcessIT {

	/**
	 * Generous: a loaded two-core CI machine starts a JVM in seconds, not milliseconds.
	 */
	private static final Duration PATIENCE = Duration.ofSeconds(120);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
		int port = freePort();
		Process service = this.launcher.service(List.of("--server.port=" + port,
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		waitUntil().until(() -> isUp(service, port));
		assertThat(log()).as("deploy/jvm.options starts it from the build's AOT bean definitions")
			.contains("Starting AOT-processed HeartbeatScannerApplication");

		Process leaving = this.launcher.writer(this.wrappersDir);
		Process crashing = this.launcher.writer(this.wrappersDir);
		waitUntil().until(() -> freshPids(port).containsAll(List.of(leaving.pid(), crashing.pid())));

		leaving.destroy();
		assertThat(leaving.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		waitUntil().until(() -> !freshPids(port).contains(leaving.pid()));
		assertThat(heartbeatOf(leaving)).as("a clean exit removes its own heartbeat").isEmpty();

		Path crashed = heartbeatOf(crashing).orElseThrow();
		crashing.destroyForcibly();
		waitUntil()
			.until(() -> log().contains("Deleted " + crashed + " (ORPHAN: pid " + crashing.pid() + " is not running)"));
		assertThat(crashed).doesNotExist();
		assertThat(log()).doesNotContain("Deleted " + this.wrappersDir.resolve("heartbeat-" + leaving.pid()));
		waitUntil().until(() -> get(port, "/actuator/presence").path("entries").isEmpty());
		assertThat(get(port, "/actuator/presence").path("active").booleanValue()).isFalse();
		assertThat(scrape(port)).contains("heartbeat_deleted_total{reason=\"orphan\"} 1.0")
			.contains("heartbeat_wrappers{status=\"fresh\"} 0.0");

		long stopNanos = System.nanoTime();
		service.destroy();
		assertThat(service.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Duration stopped = Duration.ofNanos(System.nanoTime() - stopNanos);
		System.out.println("service stopped " + stopped.toMillis() + " ms after SIGTERM");
		assertThat(service.exitValue()).as("128 + SIGTERM, which the unit's SuccessExitStatus accepts").isEqualTo(143);
		assertThat(log()).contains("Stopping: the JVM is shutting down (SIGTERM, SIGINT, SIGHUP or System.exit)");
		assertThat(lastLine(log())).contains("ShutdownReporter").contains("Stopped after");
		assertThat(stopped).isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void aSeparateManagementPortStopsTheAotProcessedServiceNamingTheKey() throws Exception {
		Process service = this.launcher.service(List.of("--server.port=" + freePort(),
				"--management.server.port=" + freePort(), "--iai.heartbeat.wrappers-dir=" + this.wrappersDir));
		assertThat(service.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		String output = Launcher.read(this.tempDir.resolve("service.stdout"));
		assertThat(service.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("Invalid value")
			.contains("'management.server.port'")
			.contains("remove that line from jvm.options");
	}

	private ConditionFactory waitUntil() {
		return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200));
	}

	private boolean isUp(Process service, int port) throws Exception {
		assertThat(service.isAlive())
			.as("service is running; its log:%n%s%n%s", log(), Launcher.read(this.tempDir.resolve("service.stderr")))
			.isTrue();
		try {
			return "UP".equals(get(port, "/actuator/health").path("status").stringValue());
		}
		catch (ConnectException ex) {
			return false;
		}
	}

	private List<Long> freshPids(int port) throws Exception {
		return get(port, "/actuator/presence").path("entries")
			.valueStream()
			.filter((entry) -> "FRESH".equals(entry.path("status").stringValue()))
			.map((entry) -> entry.path("pid").longValue())
			.toList();
	}

	private java.util.Optional<Path> heartbeatOf(Process writer) throws IOException {
		try (var files = Files.list(this.wrappersDir)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("heartbeat-" + writer.pid() + "-"))
				.findFirst();
		}
	}

	private JsonNode get(int port, String path) throws Exception {
		HttpResponse<String> response = send(port, path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private String scrape(int port) throws Exception {
		return send(port, "/actuator/prometheus").body();
	}

	private HttpResponse<String> send(int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private String log() {
		return Launcher.read(this.logFile);
	}

	private static String lastLine(String text) {
		List<String> lines = text.strip().lines().toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
