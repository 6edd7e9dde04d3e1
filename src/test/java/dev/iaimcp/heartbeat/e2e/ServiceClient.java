package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.awaitility.core.ConditionFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asks a service that {@link Launcher} started over HTTP on 127.0.0.1, as a user's tools
 * do.
 */
final class ServiceClient {

	/**
	 * Generous: a loaded two-core CI machine starts a JVM in seconds, not milliseconds.
	 */
	static final Duration PATIENCE = Duration.ofSeconds(120);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	ServiceClient(int port) {
		this.port = port;
	}

	int port() {
		return this.port;
	}

	/** Waits up to {@link #PATIENCE}, asking every 200 ms. */
	static ConditionFactory waitUntil() {
		return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Whether the service's health says UP yet; fails at once, showing what it wrote,
	 * when its process has ended.
	 * @param service the service's process
	 * @param output what it wrote, for the failure's message
	 * @return false while nothing listens or health does not answer in time
	 */
	boolean isUp(Process service, Supplier<String> output) throws Exception {
		assertThat(service.isAlive()).as(() -> "service is running; " + output.get()).isTrue();
		try {
			return "UP".equals(get("/actuator/health").path("status").stringValue());
		}
		catch (ConnectException | HttpTimeoutException ex) {
			return false;
		}
	}

	/** The JSON of a GET that must answer 200. */
	JsonNode get(String path) throws Exception {
		HttpResponse<String> response = send(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	HttpResponse<String> send(String path) throws Exception {
		return send(path, REQUEST_TIMEOUT);
	}

	HttpResponse<String> send(String path, Duration timeout) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(timeout).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A POST of a JSON body, as a script asks for a scan. */
	HttpResponse<String> post(String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A GET of an event stream, its lines as they arrive. */
	HttpResponse<Stream<String>> events(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofLines());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
