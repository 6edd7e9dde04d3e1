package dev.iaimcp.heartbeat.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTTP faces, over a real port, against a real directory and real processes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorEndpointsTests {

	private static final Path WRAPPERS_DIR = createTempDir();

	private static final Process WRAPPER = startWrapper();

	// To the millisecond, as a wrapper writes its times.
	private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void wrappersDir(DynamicPropertyRegistry registry) {
		HeartbeatFiles.write(WRAPPERS_DIR, WRAPPER.pid(), "live-uuid", STARTED, STARTED);
		registry.add("iai.heartbeat.wrappers-dir", WRAPPERS_DIR::toString);
		registry.add("iai.heartbeat.cleanup-enabled", () -> "false");
	}

	@AfterAll
	static void stopWrapper() {
		WRAPPER.destroyForcibly();
	}

	@Test
	void tickHasScannedBeforeAnyoneAsks() {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(get("/actuator/presence").path("scannedAt").isString()).isTrue());
	}

	@Test
	void presenceShowsTheLiveWrapperAsFresh() throws Exception {
		JsonNode presence = post("/actuator/presence", "{}");
		assertThat(presence.path("active").booleanValue()).isTrue();
		assertThat(presence.path("fresh").intValue()).isEqualTo(1);
		assertThat(presence.path("idle").booleanValue()).isFalse();
		assertThat(presence.has("skipped")).isTrue();
		assertThat(presence.path("scanMillis").isNumber()).isTrue();
		assertThat(Instant.parse(presence.path("lastFreshAt").stringValue())).isAfterOrEqualTo(STARTED);
		JsonNode entry = presence.path("entries").get(0);
		assertThat(entry.path("pid").longValue()).isEqualTo(WRAPPER.pid());
		assertThat(entry.path("uuid").stringValue()).isEqualTo("live-uuid");
		assertThat(entry.path("status").stringValue()).isEqualTo("FRESH");
		assertThat(entry.path("file").stringValue()).isEqualTo("heartbeat-" + WRAPPER.pid() + "-live-uuid.json");
		assertThat(Instant.parse(entry.path("lastRefresh").stringValue())).isEqualTo(STARTED);
	}

	@Test
	void postWithCleanupScansNowAndDeletesOrphans() throws Exception {
		Path orphan = HeartbeatFiles.write(WRAPPERS_DIR, 999_999, "gone", Instant.now());
		JsonNode presence = post("/actuator/presence", "{\"cleanup\": true}");
		assertThat(presence.path("cleanup").path("deleted").intValue()).isEqualTo(1);
		assertThat(Instant.parse(presence.path("cleanup").path("at").stringValue())).isBefore(Instant.now());
		assertThat(orphan).doesNotExist();
		assertThat(WRAPPERS_DIR.resolve("heartbeat-" + WRAPPER.pid() + "-live-uuid.json")).exists();
	}

	@Test
	void postWithEmptyBodyScansWithoutCleanup() throws Exception {
		JsonNode presence = post("/actuator/presence", "");
		assertThat(presence.path("cleanup").isNull()).isTrue();
	}

	@Test
	void healthHasAHeartbeatComponentWithCounts() throws Exception {
		post("/actuator/presence", "{}");
		JsonNode heartbeat = get("/actuator/health").path("components").path("heartbeat");
		assertThat(heartbeat.path("status").stringValue()).isEqualTo("UP");
		JsonNode details = heartbeat.path("details");
		assertThat(details.path("fresh").intValue()).isEqualTo(1);
		assertThat(details.path("stale").intValue()).isZero();
		assertThat(details.path("orphan").intValue()).isZero();
		assertThat(details.path("active").booleanValue()).isTrue();
		assertThat(details.path("wrappersDir").stringValue()).isEqualTo(WRAPPERS_DIR.toString());
	}

	@Test
	void infoShowsTheEffectiveSettingsAndTheBuild() throws Exception {
		JsonNode info = get("/actuator/info");
		JsonNode heartbeat = info.path("heartbeat");
		assertThat(heartbeat.path("wrappersDir").stringValue()).isEqualTo(WRAPPERS_DIR.toString());
		assertThat(heartbeat.path("staleThresholdSec").intValue()).isEqualTo(90);
		assertThat(heartbeat.path("tickIntervalSec").intValue()).isEqualTo(30);
		assertThat(heartbeat.path("idleWindowSec").intValue()).isEqualTo(1800);
		assertThat(heartbeat.path("cleanupEnabled").booleanValue()).isFalse();
		assertThat(info.path("build").path("version").stringValue()).isNotBlank();
		assertThat(info.path("build").has("time")).as("a reproducible build claims no build time").isFalse();
	}

	@Test
	void metricsShowTheWrappersByStatus() throws Exception {
		post("/actuator/presence", "{}");
		JsonNode fresh = get("/actuator/metrics/heartbeat.wrappers?tag=status:fresh");
		assertThat(fresh.path("measurements").get(0).path("value").doubleValue()).isEqualTo(1.0);
		assertThat(get("/actuator/metrics").path("names").valueStream().map(JsonNode::stringValue))
			.contains("heartbeat.wrappers", "heartbeat.deleted", "heartbeat.scan", "heartbeat.idle.seconds");
	}

	@Test
	void prometheusScrapesThePresenceMeters() throws Exception {
		post("/actuator/presence", "{}");
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("heartbeat_wrappers{status=\"fresh\"} 1.0")
			.contains("heartbeat_deleted_total{reason=\"orphan\"}")
			.contains("heartbeat_scan_seconds_count")
			.contains("heartbeat_idle_seconds 0.0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/metrics", "/actuator/prometheus" })
	void metricsAreReadOnly(String path) throws Exception {
		assertThat(send(emptyJsonPost(path)).statusCode()).isIn(404, 405);
		assertThat(send(HttpRequest.newBuilder(uri(path)).DELETE()).statusCode()).isIn(404, 405);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump",
			"/actuator/shutdown", "/actuator/threaddump", "/actuator/loggers", "/actuator/mappings" })
	void everythingElseIsUnreachable(String path) throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri(path)).GET()).statusCode()).isEqualTo(404);
		assertThat(send(emptyJsonPost(path)).statusCode()).isIn(404, 405);
	}

	@Test
	void listensOnLoopbackOnly() throws IOException {
		assumeTrue(Files.isReadable(Path.of("/proc/net/tcp6")), "needs Linux's /proc/net");
		String port = String.format(":%04X", this.port);
		List<String> listening = new ArrayList<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Files.readAllLines(Path.of(table))
				.stream()
				.map((line) -> line.trim().split("\\s+"))
				.filter((fields) -> fields[1].endsWith(port) && fields[3].equals("0A"))
				.forEach((fields) -> listening.add(fields[1].substring(0, fields[1].length() - port.length())));
		}
		// 127.0.0.1, as IPv4 or IPv4-mapped IPv6, in /proc's byte order
		assertThat(listening).isNotEmpty().allMatch((address) -> address.endsWith("0100007F"));
	}

	private JsonNode get(String path) throws Exception {
		return bodyOf(send(HttpRequest.newBuilder(uri(path)).GET()));
	}

	private JsonNode post(String path, String body) throws Exception {
		return bodyOf(send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))));
	}

	// JSON, as the loopback guard answers any other POST itself.
	private HttpRequest.Builder emptyJsonPost(String path) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode bodyOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static Path createTempDir() {
		try {
			return Files.createTempDirectory("wrappers");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Process startWrapper() {
		try {
			return new ProcessBuilder("sleep", "300").start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
