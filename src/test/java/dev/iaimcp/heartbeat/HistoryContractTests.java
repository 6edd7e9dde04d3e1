package dev.iaimcp.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The history over HTTP, written down in
 * {@code src/main/resources/schema/presence-history.schema.json}: the endpoint's answer
 * and each {@code history} event of the stream are what the schema accepts, filtered and
 * bounded as asked, and the endpoint is read-only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HistoryContractTests {

	private static final Path WRAPPERS = wrappersWithALiveWrapper();

	private static final Schema SCHEMA = schema();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Process SECOND_WRAPPER = startSleep();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void wrappersDir(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", WRAPPERS::toString);
		registry.add("iai.heartbeat.tick-interval-sec", () -> "3600");
		registry.add("iai.heartbeat.cleanup-enabled", () -> "false");
		registry.add("iai.heartbeat.watch", () -> "off");
	}

	@AfterAll
	static void stopSecondWrapper() {
		SECOND_WRAPPER.destroyForcibly();
	}

	@Test
	void theAnswerIsValidAndTellsOfTheStartAndTheArrivalOldestFirst() throws Exception {
		JsonNode answer = awaitArrival();
		assertThat(errors(answer)).isEmpty();
		List<String> kinds = answer.path("events")
			.valueStream()
			.map((event) -> event.path("kind").stringValue())
			.toList();
		assertThat(kinds).containsSubsequence("SERVICE_STARTED", "WRAPPER_ARRIVED");
		assertThat(answer.path("count").intValue()).isEqualTo(kinds.size());
		assertThat(answer.path("retained").intValue()).isGreaterThanOrEqualTo(kinds.size());
	}

	@Test
	void sinceKeepsWhatHappenedAtOrAfterIt() throws Exception {
		JsonNode all = awaitArrival();
		JsonNode last = all.path("events").get(all.path("count").intValue() - 1);
		JsonNode since = get("/actuator/history?since=" + last.path("at").stringValue()).body();
		assertThat(since.path("events").valueStream().map((event) -> Instant.parse(event.path("at").stringValue())))
			.isNotEmpty()
			.allMatch((at) -> !at.isBefore(Instant.parse(last.path("at").stringValue())));
		JsonNode future = get("/actuator/history?since=2999-01-01T00:00:00Z").body();
		assertThat(future.path("count").intValue()).isZero();
		assertThat(future.path("retained").intValue()).isEqualTo(all.path("retained").intValue());
	}

	@Test
	void aLimitKeepsTheNewest() throws Exception {
		JsonNode all = awaitArrival();
		JsonNode one = get("/actuator/history?limit=1").body();
		assertThat(one.path("count").intValue()).isOne();
		assertThat(one.path("events").get(0)).isEqualTo(all.path("events").get(all.path("count").intValue() - 1));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			since=yesterday    | 'since' must be an ISO-8601 instant such as 2026-12-06T16:02:11Z
			since=             | 'since' must be an ISO-8601 instant
			limit=0            | 'limit' must be a whole number from 1 to 1000
			limit=1001         | 'limit' must be a whole number from 1 to 1000
			limit=-1           | 'limit' must be a whole number from 1 to 1000
			limit=ten          | 'limit' must be a whole number from 1 to 1000
			limit=99999999999  | 'limit' must be a whole number from 1 to 1000
			""")
	void aBadValueIsA400ThatGivesTheRule(String query, String rule) throws Exception {
		Answer answer = get("/actuator/history?" + query);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().path("message").stringValue()).startsWith(rule);
	}

	@Test
	void theEndpointIsReadOnly() throws Exception {
		HttpResponse<String> post = this.http
			.send(request("/actuator/history").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), BodyHandlers.ofString());
		assertThat(post.statusCode()).isIn(404, 405);
		HttpResponse<String> delete = this.http.send(request("/actuator/history").DELETE().build(),
				BodyHandlers.ofString());
		assertThat(delete.statusCode()).isIn(404, 405);
		JsonNode links = get("/actuator").body().path("_links");
		assertThat(links.path("history").path("href").stringValue()).endsWith("/actuator/history");
	}

	@Test
	void eachRecordedEventIsSentOnTheStreamAsAValidHistoryEvent() throws Exception {
		awaitArrival();
		HttpResponse<Stream<String>> response = this.http
			.send(request("/presence/stream").header("Accept", "text/event-stream").build(), BodyHandlers.ofLines());
		try (Stream<String> lines = response.body()) {
			Iterator<String> stream = lines.iterator();
			assertThat(stream.next()).isEqualTo("event:presence");
			ProcessHandle second = SECOND_WRAPPER.toHandle();
			HeartbeatFiles.write(WRAPPERS, second.pid(), "second", second.info().startInstant().orElseThrow(),
					Instant.now());
			post("/actuator/presence");
			JsonNode event = nextHistoryEvent(stream);
			assertThat(event.path("kind").stringValue()).isEqualTo("WRAPPER_ARRIVED");
			assertThat(event.path("pid").longValue()).isEqualTo(second.pid());
			assertThat(errors(answerOf(event))).isEmpty();
		}
	}

	private static JsonNode nextHistoryEvent(Iterator<String> stream) {
		while (!stream.next().equals("event:history")) {
			// skips the presence events and keep-alives before it
		}
		String data = stream.next();
		assertThat(data).startsWith("data:");
		return JSON.readTree(data.substring("data:".length()));
	}

	private JsonNode awaitArrival() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/actuator/history").body().toString().contains("WRAPPER_ARRIVED"));
		return get("/actuator/history").body();
	}

	private Answer get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(request(path).GET().build(), BodyHandlers.ofString());
		return new Answer(response.statusCode(), JSON.readTree(response.body()));
	}

	private void post(String path) throws Exception {
		HttpResponse<String> response = this.http.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

	// The schema's event definition, applied to one event.
	private static JsonNode answerOf(JsonNode event) {
		ObjectNode answer = JSON.createObjectNode().put("count", 1).put("retained", 1);
		answer.putArray("events").add(event);
		return answer;
	}

	private static List<Error> errors(JsonNode answer) {
		return SCHEMA.validate(answer,
				(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
	}

	private static Schema schema() {
		try (InputStream schema = HistoryContractTests.class
			.getResourceAsStream("/schema/presence-history.schema.json")) {
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Process startSleep() {
		try {
			return new ProcessBuilder("sleep", "300").start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path wrappersWithALiveWrapper() {
		try {
			Path dir = Files.createTempDirectory("history-contract").resolve("wrappers");
			ProcessHandle self = ProcessHandle.current();
			HeartbeatFiles.write(dir, self.pid(), "contract", self.info().startInstant().orElseThrow(),
					Instant.now().plusSeconds(4));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Answer(int status, JsonNode body) {
	}

}
