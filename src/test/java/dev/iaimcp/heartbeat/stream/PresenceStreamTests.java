package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;

// The context watches a temporary directory: close it before that is deleted.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PresenceStreamTests {

	private static final Instant LAST_SEEN = Instant.now().minus(Duration.ofHours(2));

	@TempDir
	static Path store;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	// The keep-alives the streams schedule, to see that none is left once nobody reads.
	@MockitoSpyBean
	TaskScheduler scheduler;

	private final List<ScheduledFuture<?>> keepAlives = new CopyOnWriteArrayList<>();

	@BeforeEach
	void recordKeepAlives() {
		willAnswer((invocation) -> {
			ScheduledFuture<?> keepAlive = (ScheduledFuture<?>) invocation.callRealMethod();
			this.keepAlives.add(keepAlive);
			return keepAlive;
		}).given(this.scheduler).scheduleAtFixedRate(any(Runnable.class), any(Instant.class), any(Duration.class));
	}

	@DynamicPropertySource
	static void storeProperties(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", () -> store.resolve("wrappers").toString());
		registry.add("iai.heartbeat.tick-interval-sec", () -> "3600");
	}

	@BeforeAll
	static void rememberAnIdleEvening() throws IOException {
		Files.writeString(store.resolve("heartbeat-scanner-state.json"), """
				{"state": "IDLE", "since": "%s", "lastFreshAt": "%s", "lastPresenceAt": "%s"}
				""".formatted(LAST_SEEN.plus(Duration.ofMinutes(30)), LAST_SEEN, LAST_SEEN));
	}

	@Test
	void streamSendsTheSnapshotOnConnectAndAgainOnATransition() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> !"UNKNOWN".equals(presence().get("state").asString()));
		HttpResponse<Stream<String>> response = this.client.send(streamRequest(), BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		BlockingQueue<String> events = readEvents(response.body());
		JsonNode onConnect = this.json.readTree(events.poll(5, TimeUnit.SECONDS));
		assertThat(onConnect.get("state").asString()).isEqualTo("IDLE");
		assertThat(Instant.parse(onConnect.get("lastFreshAt").asString())).isEqualTo(LAST_SEEN);
		ProcessHandle self = ProcessHandle.current();
		HeartbeatFiles.write(store.resolve("wrappers"), self.pid(), "stream-test",
				self.info().startInstant().orElseThrow(), Instant.now());
		JsonNode onTransition = this.json.readTree(events.poll(5, TimeUnit.SECONDS));
		assertThat(onTransition.get("state").asString()).isEqualTo("ACTIVE");
		assertThat(onTransition.get("idle").asBoolean()).isFalse();
		assertThat(onTransition.get("fresh").asInt()).isEqualTo(1);
		response.body().close();
	}

	@Test
	void keepAlivesAreScheduledOnlyWhileSomeoneReads() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> !keepingAlive());
		HttpResponse<Stream<String>> response = this.client.send(streamRequest(), BodyHandlers.ofLines());
		assertThat(keepingAlive()).isTrue();
		BlockingQueue<String> comments = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try {
				response.body().filter((line) -> line.startsWith(":")).forEach(comments::add);
			}
			catch (UncheckedIOException ex) {
				// The test closed the stream.
			}
		}, "sse-test-comments");
		reader.setDaemon(true);
		reader.start();
		assertThat(comments.poll(8, TimeUnit.SECONDS)).isEqualTo(":keep-alive");
		response.body().close();
		await().atMost(Duration.ofSeconds(20)).until(() -> !keepingAlive());
	}

	private boolean keepingAlive() {
		return this.keepAlives.stream().anyMatch((keepAlive) -> !keepAlive.isCancelled());
	}

	private JsonNode presence() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/presence"))
			.build();
		return this.json.readTree(this.client.send(request, BodyHandlers.ofString()).body());
	}

	private HttpRequest streamRequest() {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/presence/stream"))
			.header("Accept", "text/event-stream")
			.build();
	}

	/** The data of each {@code presence} event, as the stream delivers them. */
	private static BlockingQueue<String> readEvents(Stream<String> lines) {
		BlockingQueue<String> events = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			String[] name = { null };
			try {
				lines.forEach((line) -> {
					if (line.startsWith("event:")) {
						name[0] = line.substring("event:".length());
					}
					else if (line.startsWith("data:") && "presence".equals(name[0])) {
						events.add(line.substring("data:".length()));
					}
				});
			}
			catch (UncheckedIOException ex) {
				// The test closed the stream.
			}
		}, "sse-test-reader");
		reader.setDaemon(true);
		reader.start();
		return events;
	}

}
