package dev.iaimcp.heartbeat.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged HTTP limits over a real port, with fewer worker threads than stalled
 * clients and a short body timeout, so that holding every worker would show.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.jetty.threads.max=4", "iai.heartbeat.http.request-body-timeout=2s",
				"iai.heartbeat.tick-interval-sec=3600" })
@DirtiesContext
class HttpLimitsTests {

	private static final int STALLED_CLIENTS = 8;

	/**
	 * Far beyond the body timeout: a response this late means the timeout did not work.
	 */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	static Path store;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Socket> sockets = new ArrayList<>();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storeProperties(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", () -> store.resolve("wrappers").toString());
	}

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void bodyOverTheLimitIsRejectedUnreadWhenItsLengthIsDeclared() throws Exception {
		Path orphan = orphan();
		HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofString(cleanupWithPadding(5000)));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(orphan).exists();
	}

	@Test
	void chunkedBodyOverTheLimitIsRejected() throws Exception {
		Path orphan = orphan();
		Socket socket = connect();
		String body = cleanupWithPadding(5000);
		write(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n");
		for (int i = 0; i < body.length(); i += 1000) {
			String chunk = body.substring(i, Math.min(body.length(), i + 1000));
			write(socket, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
		}
		write(socket, "0\r\n\r\n");
		assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413");
		assertThat(orphan).exists();
	}

	@Test
	void chunkedBodyWithinTheLimitIsServed() throws Exception {
		Path orphan = orphan();
		Socket socket = connect();
		write(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n{\"cleanu\r\na\r\np\": true}\n\r\n0\r\n\r\n");
		assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 200");
		assertThat(orphan).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"cleanup\": \"yes\"}", "{\"cleanup\": 1}", "{\"cleanup\": \"True\"}",
			"{\"cleanup\": [true]}", "{\"cleanup\": {}}", "{\"cleanup\": \"\"}" })
	void cleanupThatIsNoBooleanIsABadRequest(String body) throws Exception {
		Path orphan = orphan();
		HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofString(body));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(orphan).exists();
	}

	@Test
	void cleanupFalseScansWithoutCleaning() throws Exception {
		Path orphan = orphan();
		HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofString("{\"cleanup\": false}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"cleanup\":null");
		assertThat(orphan).exists();
	}

	@Test
	void stalledBodiesHoldNoWorkerSoHealthAnswersMeanwhile() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		for (int i = 0; i < STALLED_CLIENTS; i++) {
			Socket socket = connect();
			write(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"cle");
			stalled.add(socket);
		}
		Socket swallowed = connect();
		write(swallowed, "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nab");
		stalled.add(swallowed);
		for (int i = 0; i < STALLED_CLIENTS; i++) {
			assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		}
		for (Socket socket : stalled) {
			assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 408");
		}
	}

	@Test
	void tricklingBodyIsCutOffAtTheBodyTimeout() throws Exception {
		Socket socket = connect();
		write(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 4000\r\n\r\n");
		Instant start = Instant.now();
		socket.setSoTimeout(200);
		InputStream input = socket.getInputStream();
		String answer = null;
		while (answer == null && Duration.between(start, Instant.now()).compareTo(PATIENCE) < 0) {
			write(socket, " ");
			try {
				answer = statusLine(input);
			}
			catch (SocketTimeoutException ex) {
				// Still reading: trickle on.
			}
		}
		assertThat(answer).isEqualTo("HTTP/1.1 408");
	}

	private Path orphan() {
		return HeartbeatFiles.write(store.resolve("wrappers"), 999_999_999, "orphan-" + System.nanoTime(),
				Instant.now());
	}

	private static String cleanupWithPadding(int length) {
		String head = "{\"cleanup\": true, \"padding\": \"";
		return head + "x".repeat(length - head.length() - 2) + "\"}";
	}

	private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/presence"))
			.header("Content-Type", "application/json")
			.POST(body)
			.timeout(PATIENCE)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(PATIENCE).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		socket.setSoTimeout((int) PATIENCE.toMillis());
		this.sockets.add(socket);
		return socket;
	}

	private static void write(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static String statusLine(Socket socket) throws IOException {
		return statusLine(socket.getInputStream());
	}

	private static String statusLine(InputStream input) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int next = input.read(); next != -1 && next != '\r'; next = input.read()) {
			line.append((char) next);
		}
		// Without the reason phrase, which a server may send or leave out.
		String[] versionAndCode = line.toString().split(" ", 3);
		return (versionAndCode.length < 2) ? line.toString() : versionAndCode[0] + " " + versionAndCode[1];
	}

}
