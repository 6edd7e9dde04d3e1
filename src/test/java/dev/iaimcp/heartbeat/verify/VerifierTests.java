package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify's verdicts against stand-ins for broken services, served on loopback: they
 * answer the same GETs as the real one, from the same directory, but see changes late or
 * never.
 */
class VerifierTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern HEARTBEAT = Pattern.compile("heartbeat-(\\d+)-(.+)\\.json");

	@TempDir
	Path wrappers;

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void serviceThatSeesWrappersOnlyOnItsTickFailsNamingItsWatch() throws Exception {
		serve(1, "tick only: java.io.IOException: User limit of inotify instances reached; retrying",
				Duration.ofMillis(2500));
		VerifyReport report = verify();
		assertThat(report.ok()).isFalse();
		assertThat(report.failure())
			.matches("seen only after 2\\.\\d\\d s: the service saw it on its tick \\(every 1 s\\), "
					+ "not through its watch \\(health says watch: tick only: java.io.IOException: User limit of inotify "
					+ "instances reached; retrying\\)");
		assertThat(report.text()).contains("verify failed: seen only after").contains("new wrapper seen in 2.");
		assertThat(filesIn(this.wrappers)).as("the stand-in's heartbeat is removed").isEmpty();
	}

	@Test
	void serviceThatNeverCleansUpAfterACrashFailsWithinItsTickAndTheMargin() throws Exception {
		serve(1, "inotify", Duration.ZERO);
		long startNanos = System.nanoTime();
		VerifyReport report = verify();
		assertThat(report.ok()).isFalse();
		assertThat(report.failure()).startsWith("waited 11 s for cleanup and the service never reported it");
		assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(30));
		assertThat(filesIn(this.wrappers)).as("verify deletes the crashed stand-in's file itself").isEmpty();
	}

	@Test
	void serviceThatIsNotHeartbeatScannerIsToldApart() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> respond(exchange, 200, "{\"app\":\"something else\"}"));
		this.server.start();
		VerifyReport report = verify();
		assertThat(report.failure()).contains("is not heartbeat-scanner");
	}

	private VerifyReport verify() throws InterruptedException {
		URI actuator = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/actuator/");
		ServiceLocation location = new ServiceLocation(actuator, "127.0.0.1:" + this.server.getAddress().getPort(),
				this.wrappers);
		return new Verifier(location, new ActuatorClient(actuator), Duration.ZERO).run();
	}

	/**
	 * A service that lists the directory on every GET but reports a heartbeat only once
	 * its file is older than {@code lateBy}, judges by the writer's process, and deletes
	 * nothing.
	 */
	private void serve(long tickSec, String watch, Duration lateBy) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		Map<String, Object> info = Map.of("heartbeat", Map.of("wrappersDir", this.wrappers.toString(),
				"tickIntervalSec", tickSec, "cleanupEnabled", true, "watch", "auto"));
		Map<String, Object> health = Map.of("components",
				Map.of("heartbeat", Map.of("details", Map.of("watch", watch))));
		context("/actuator/info", () -> info);
		context("/actuator/health", () -> health);
		context("/actuator/presence", () -> Map.of("entries", entries(lateBy)));
		this.server.start();
	}

	private void context(String path, Supplier<Object> body) {
		this.server.createContext(path, (exchange) -> respond(exchange, 200, JSON.writeValueAsString(body.get())));
	}

	private List<Map<String, Object>> entries(Duration lateBy) {
		Instant seenBefore = Instant.now().minus(lateBy);
		try (Stream<Path> files = Files.list(this.wrappers)) {
			return files.filter((file) -> modified(file).isBefore(seenBefore))
				.map((file) -> HEARTBEAT.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((name) -> entry(Long.parseLong(name.group(1)), name.group(2)))
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private Map<String, Object> entry(long pid, String uuid) {
		boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		String lastRefresh = lastRefresh(this.wrappers.resolve("heartbeat-" + pid + "-" + uuid + ".json"));
		return Map.of("pid", pid, "uuid", uuid, "status", alive ? "FRESH" : "ORPHAN", "lastRefresh", lastRefresh);
	}

	private static String lastRefresh(Path file) {
		try {
			return JSON.readTree(Files.readString(file)).path("last_refresh").asString();
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	private static Instant modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			return FileTime.fromMillis(Long.MAX_VALUE).toInstant();
		}
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
