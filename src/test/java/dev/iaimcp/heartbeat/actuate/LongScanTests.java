package dev.iaimcp.heartbeat.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the first scan of a huge directory runs, the service answers at once: the
 * presence it last knew, and a health that does not claim UP before it knows anything; a
 * POST that asks for a scan waits a bounded time, then is told to come back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LongScanTests {

	private static final CountDownLatch SCAN_MAY_END = new CountDownLatch(1);

	private static final CountDownLatch SCAN_RUNNING = new CountDownLatch(1);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void wrappersDir(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("long-scan");
		HeartbeatFiles.write(dir, 4242, "slow", Instant.now());
		registry.add("iai.heartbeat.wrappers-dir", dir::toString);
		registry.add("iai.heartbeat.watch", () -> "off");
	}

	@AfterAll
	static void endTheScan() {
		SCAN_MAY_END.countDown();
	}

	@Test
	void whileTheFirstScanRunsPresenceAnswersAtOnceAndHealthIsNotUp() throws Exception {
		assertThat(SCAN_RUNNING.await(30, TimeUnit.SECONDS)).isTrue();
		HttpResponse<String> presence = get("/actuator/presence");
		assertThat(presence.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(presence.body()).path("scannedAt").isNull()).isTrue();
		JsonNode health = JSON.readTree(get("/actuator/health").body());
		assertThat(health.path("components").path("heartbeat").path("status").stringValue()).isEqualTo("UNKNOWN");
		assertThat(health.path("status").stringValue()).isEqualTo("UNKNOWN");
		assertAScanAskedForMeanwhileIsTurnedAwayWithRetryAfter();
		SCAN_MAY_END.countDown();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(JSON.readTree(get("/actuator/health").body()).path("status").stringValue())
				.isEqualTo("UP"));
	}

	private void assertAScanAskedForMeanwhileIsTurnedAwayWithRetryAfter() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/presence"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"cleanup\": true}"))
			.build();
		long startNanos = System.nanoTime();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(5)).isLessThan(Duration.ofSeconds(20));
		assertThat(get("/actuator/presence").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(2))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SlowProcessTable {

		@Bean
		@Primary
		ProcessProbe slowProcessProbe() {
			return (pid) -> {
				SCAN_RUNNING.countDown();
				try {
					SCAN_MAY_END.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return ProcessLiveness.DEAD;
			};
		}

	}

}
