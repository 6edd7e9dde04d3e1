package dev.iaimcp.heartbeat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.check.CheckCommand;
import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract with the memory daemon, written down in
 * {@code src/main/resources/schema/presence-snapshot.schema.json}: every face that serves
 * a snapshot serves one that the schema accepts, and the schema refuses what the service
 * must never say.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PresenceContractTests {

	private static final Path WRAPPERS = wrappersWithALiveWrapperAndAnOrphan();

	private static final Schema SCHEMA = schema();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	JsonMapper jsonMapper;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void wrappersDir(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", WRAPPERS::toString);
		registry.add("iai.heartbeat.tick-interval-sec", () -> "3600");
		registry.add("iai.heartbeat.cleanup-enabled", () -> "false");
		registry.add("iai.heartbeat.watch", () -> "off");
	}

	// The check sets the root level for the JVM it owns; later tests in this JVM log at
	// INFO.
	@AfterEach
	void restoreTheDefaultLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
	}

	@Test
	void theGetIsValid() throws Exception {
		JsonNode snapshot = awaitFirstScan();
		assertThat(snapshot.path("state").stringValue()).isEqualTo("ACTIVE");
		assertThat(snapshot.path("entries")).isNotEmpty();
		assertThat(errors(snapshot)).isEmpty();
	}

	@Test
	void theSnapshotBeforeTheFirstScanIsValid() {
		JsonNode snapshot = this.jsonMapper.valueToTree(new LatestPresence(Instant.now()).snapshot());
		assertThat(snapshot.path("state").stringValue()).isEqualTo("UNKNOWN");
		assertThat(errors(snapshot)).isEmpty();
	}

	@Test
	void thePostWithCleanupIsValid() throws Exception {
		HttpResponse<String> response = this.http
			.send(request("/actuator/presence").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"cleanup\": true}"))
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode snapshot = this.jsonMapper.readTree(response.body());
		assertThat(snapshot.path("cleanup").isObject()).isTrue();
		assertThat(errors(snapshot)).isEmpty();
	}

	@Test
	void theStreamsEventIsValid() throws Exception {
		awaitFirstScan();
		HttpResponse<Stream<String>> response = this.http
			.send(request("/presence/stream").header("Accept", "text/event-stream").build(), BodyHandlers.ofLines());
		try (Stream<String> lines = response.body()) {
			String data = lines.filter((line) -> line.startsWith("data:")).findFirst().orElseThrow();
			JsonNode snapshot = this.jsonMapper.readTree(data.substring("data:".length()));
			assertThat(snapshot.path("fresh").intValue()).isPositive();
			assertThat(errors(snapshot)).isEmpty();
		}
	}

	@Test
	void theCheckJsonIsValid() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exitCode = new CheckCommand().run(List.of("--json", "--iai.heartbeat.wrappers-dir=" + WRAPPERS),
				printing(out), printing(new ByteArrayOutputStream()));
		assertThat(exitCode).isZero();
		JsonNode snapshot = this.jsonMapper.readTree(out.toString(StandardCharsets.UTF_8));
		assertThat(snapshot.path("fresh").intValue()).isPositive();
		assertThat(errors(snapshot)).isEmpty();
	}

	@Test
	void theSchemaRefusesWhatTheServiceMustNeverSay() throws Exception {
		ObjectNode snapshot = (ObjectNode) awaitFirstScan();
		assertThat(errors(snapshot.deepCopy().put("active", false))).isNotEmpty();
		assertThat(errors(snapshot.deepCopy().put("state", "IDLE"))).isNotEmpty();
		assertThat(errors(snapshot.deepCopy().put("fresh", 0))).isNotEmpty();
		assertThat(errors(snapshot.deepCopy().put("since", "yesterday"))).isNotEmpty();
		assertThat(errors(snapshot.deepCopy().put("surprise", 1))).isNotEmpty();
		assertThat(errors(snapshot.deepCopy().put("state", "UNKNOWN").put("active", false))).isNotEmpty();
	}

	private JsonNode awaitFirstScan() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> !get().path("scannedAt").isNull());
		return get();
	}

	private JsonNode get() throws Exception {
		return this.jsonMapper
			.readTree(this.http.send(request("/actuator/presence").GET().build(), BodyHandlers.ofString()).body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

	private static List<Error> errors(JsonNode snapshot) {
		return SCHEMA.validate(snapshot,
				(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
	}

	private static PrintStream printing(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private static Schema schema() {
		try (InputStream schema = PresenceContractTests.class
			.getResourceAsStream("/schema/presence-snapshot.schema.json")) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path wrappersWithALiveWrapperAndAnOrphan() {
		try {
			Path dir = Files.createTempDirectory("contract").resolve("wrappers");
			ProcessHandle self = ProcessHandle.current();
			// Within the clock-skew tolerance ahead, so that it stays FRESH for the whole
			// class.
			HeartbeatFiles.write(dir, self.pid(), "contract", self.info().startInstant().orElseThrow(),
					Instant.now().plusSeconds(4));
			HeartbeatFiles.write(dir, 999_999, "gone", Instant.now());
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
