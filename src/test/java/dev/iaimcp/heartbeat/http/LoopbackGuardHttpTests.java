package dev.iaimcp.heartbeat.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page in the user's browser can and cannot get from the service, spoken by
 * hand over a socket, as only that lets a test send the {@code Host} a rebinding page's
 * browser sends.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "iai.heartbeat.tick-interval-sec=3600")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class LoopbackGuardHttpTests {

	private static final List<String> READS = List.of("/actuator/health", "/actuator/info", "/actuator/presence",
			"/actuator/prometheus", "/actuator/metrics");

	private static final String CLEANUP = "{\"cleanup\": true}";

	@TempDir
	static Path store;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storeProperties(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", () -> store.resolve("wrappers").toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:%d", "localhost:%d", "[::1]:%d", "LOCALHOST:%d", "127.0.0.1" })
	void curlAndTheClientsAreServedUnderEveryLoopbackName(String host) throws IOException {
		String hostHeader = host.formatted(this.port);
		for (String path : READS) {
			assertThat(exchange("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n").status()).as(path)
				.isEqualTo(200);
		}
		Answer emptyScan = exchange("POST /actuator/presence HTTP/1.1\r\nHost: " + hostHeader
				+ "\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n");
		assertThat(emptyScan.status()).isEqualTo(200);
		assertThat(emptyScan.body()).contains("\"state\"");
	}

	@Test
	void aCleanupPostedAsJsonWithoutOriginCleansUp() throws IOException {
		Path orphan = orphan();
		Answer answer = exchange(post("127.0.0.1:" + this.port, "application/json", CLEANUP));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(orphan).doesNotExist();
	}

	@Test
	void anHttp10RequestWithoutHostIsServed() throws IOException {
		assertThat(exchange("GET /actuator/health HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "evil.example:%d", "127.0.0.1.evil.example:%d",
			"localhost.evil.example:%d", "evil.localhost:%d", "localhost.:%d", "2130706433:%d", "0x7f.1:%d", "127.1:%d",
			"[::ffff:127.0.0.1]:%d" })
	void aRebindingPageReadsNothingAndCleansNothing(String host) throws IOException {
		Path orphan = orphan();
		String hostHeader = host.formatted(this.port);
		for (String path : READS) {
			Answer answer = exchange("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n");
			assertThat(answer.status()).as(path).isEqualTo(421);
			assertThat(answer.body()).contains("Host must be localhost").doesNotContain(hostHeader);
			assertThat(answer.header("content-type")).startsWith("application/json");
		}
		Answer cleanup = exchange(post(hostHeader, "application/json", CLEANUP));
		assertThat(cleanup.status()).isEqualTo(421);
		assertThat(cleanup.body()).doesNotContain("orphan").doesNotContain("pid");
		assertThat(orphan).exists();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /actuator/presence HTTP/1.1\r\nHost: [::1%%25lo]:%d\r\n\r\n",
			"GET /actuator/presence HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nHost: evil.example\r\n\r\n",
			"GET /actuator/presence HTTP/1.1\r\n\r\n",
			"GET http://evil.example/actuator/presence HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n",
			"GET http://127.0.0.1:%d/actuator/presence HTTP/1.1\r\nHost: evil.example\r\n\r\n" })
	void whatTheServerRejectsBeforeTheGuardNeverReachesAnEndpoint(String request) throws IOException {
		Answer answer = exchange(request.formatted(this.port, this.port));
		assertThat(answer.status()).isEqualTo(400);
	}

	@Test
	void aRebindingPageCannotOpenTheStream() throws IOException {
		Answer answer = exchange("GET /presence/stream HTTP/1.1\r\nHost: evil.example:" + this.port
				+ "\r\nAccept: text/event-stream\r\n\r\n");
		assertThat(answer.status()).isEqualTo(421);
		assertThat(answer.header("content-type")).startsWith("application/json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=b", "" })
	void aSimpleRequestAPageMaySendWithoutAskingCleansNothing(String contentType) throws IOException {
		Path orphan = orphan();
		String request = contentType.isEmpty()
				? "POST /actuator/presence HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nContent-Length: "
						+ CLEANUP.length() + "\r\n\r\n" + CLEANUP
				: post("127.0.0.1:" + this.port, contentType, CLEANUP);
		Answer answer = exchange(request);
		assertThat(answer.status()).isEqualTo(415);
		assertThat(answer.body()).contains("Content-Type: application/json");
		assertThat(orphan).exists();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://evil.example", "null", "http://127.0.0.1:1", "http://localhost" })
	void aForeignPagesJsonPostCleansNothing(String origin) throws IOException {
		Path orphan = orphan();
		Answer answer = exchange(post("127.0.0.1:" + this.port, "application/json", CLEANUP, "Origin: " + origin));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.body()).contains("Origin");
		assertThat(orphan).exists();
	}

	@Test
	void aCrossSitePostCleansNothing() throws IOException {
		Path orphan = orphan();
		Answer answer = exchange(
				post("127.0.0.1:" + this.port, "application/json", CLEANUP, "Sec-Fetch-Site: cross-site"));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(orphan).exists();
	}

	@Test
	void theServicesOwnPageMayPostJson() throws IOException {
		Answer answer = exchange(post("localhost:" + this.port, "application/json", "{\"cleanup\": false}",
				"Origin: http://localhost:" + this.port, "Sec-Fetch-Site: same-origin"));
		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void aPreflightFromAForeignPageIsRefusedAndAllowsNothing() throws IOException {
		Answer answer = exchange("OPTIONS /actuator/presence HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
				+ "Access-Control-Request-Headers: content-type\r\nSec-Fetch-Site: cross-site\r\n\r\n");
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.headerNames()).noneMatch((name) -> name.startsWith("access-control-"));
	}

	@Test
	void springAddsNoCorsHeadersToAPreflightThatPassesTheGuard() throws IOException {
		String origin = "http://127.0.0.1:" + this.port;
		Answer answer = exchange("OPTIONS /actuator/presence HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nOrigin: "
				+ origin + "\r\nAccess-Control-Request-Method: POST\r\n\r\n");
		assertThat(answer.headerNames()).noneMatch((name) -> name.startsWith("access-control-"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/presence", "/actuator/info", "/presence/stream" })
	void aForeignPagesFetchOrEventSourceIsRefused(String path) throws IOException {
		Answer answer = exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\n"
				+ "Accept: text/event-stream\r\n\r\n");
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.headerNames()).noneMatch((name) -> name.startsWith("access-control-"));
	}

	@Test
	void aLinkFromAnotherSiteOpensThePresence() throws IOException {
		Answer answer = exchange("GET /actuator/presence HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\r\n");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headerNames()).noneMatch((name) -> name.startsWith("access-control-"));
	}

	@Test
	void theStreamIsServedUnderALoopbackName() throws IOException {
		try (Socket socket = connect()) {
			write(socket, "GET /presence/stream HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nAccept: text/event-stream\r\n\r\n");
			String head = readHead(socket.getInputStream());
			assertThat(head).startsWith("HTTP/1.1 200");
			assertThat(head.toLowerCase(Locale.ROOT)).contains("content-type: text/event-stream");
			assertThat(readUntil(socket.getInputStream(), "\n\n")).contains("data:");
		}
	}

	@Test
	void aFloodOfRefusalsLogsAFewLines(CapturedOutput output) throws IOException {
		for (int i = 0; i < 30; i++) {
			exchange("GET /actuator/presence HTTP/1.1\r\nHost: evil.example\r\n\r\n");
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Refused GET")))
			.hasSizeLessThanOrEqualTo(RefusalLog.LINES_PER_MINUTE);
	}

	private Path orphan() {
		return HeartbeatFiles.write(store.resolve("wrappers"), 999_999_999, "orphan-" + System.nanoTime(),
				Instant.now());
	}

	private static String post(String host, String contentType, String body, String... headers) {
		StringBuilder request = new StringBuilder("POST /actuator/presence HTTP/1.1\r\nHost: ").append(host)
			.append("\r\nContent-Type: ")
			.append(contentType)
			.append("\r\nContent-Length: ")
			.append(body.length())
			.append("\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("\r\n").append(body).toString();
	}

	/** Sends one request on its own connection and reads the answer to its end. */
	private Answer exchange(String request) throws IOException {
		String closing = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
		try (Socket socket = connect()) {
			write(socket, closing);
			InputStream input = socket.getInputStream();
			String head = readHead(input);
			return Answer.of(head, new String(input.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		socket.setSoTimeout(30_000);
		return socket;
	}

	private static void write(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static String readHead(InputStream input) throws IOException {
		return readUntil(input, "\r\n\r\n");
	}

	private static String readUntil(InputStream input, String end) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (!read.toString(StandardCharsets.UTF_8).endsWith(end)) {
			int next = input.read();
			if (next == -1) {
				break;
			}
			read.write(next);
		}
		return read.toString(StandardCharsets.UTF_8);
	}

	record Answer(int status, List<String> headerLines, String body) {

		static Answer of(String head, String body) {
			List<String> lines = head.strip().lines().toList();
			return new Answer(Integer.parseInt(lines.get(0).split(" ")[1]), lines.subList(1, lines.size()), body);
		}

		List<String> headerNames() {
			return this.headerLines.stream()
				.map((line) -> line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT))
				.toList();
		}

		String header(String name) {
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
				.map((line) -> line.substring(name.length() + 1).strip())
				.findFirst()
				.orElse("");
		}

	}

}
