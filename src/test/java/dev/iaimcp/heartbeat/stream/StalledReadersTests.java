package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.iaimcp.heartbeat.presence.PresenceChangedEvent;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readers that stop reading or go away, against real sockets. Snapshots of a thousand
 * entries soon fill a non-reading client's socket buffers, and the write timeout is long
 * (30 s), so that a send waiting on a stalled reader would show.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.jetty.connection-idle-timeout=30s", "iai.heartbeat.tick-interval-sec=3600",
				"iai.heartbeat.cleanup-enabled=false" })
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class StalledReadersTests {

	private static final int ENTRIES = 1000;

	/** Events of about 150 KB each: more than a socket's buffers hold, on both ends. */
	private static final int EVENTS = 60;

	/** Well under the 30 s a write to a stalled reader may block. */
	private static final Duration PROMPTLY = Duration.ofSeconds(10);

	@TempDir
	static Path store;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<AutoCloseable> opened = new ArrayList<>();

	@Autowired
	ScanRunner runner;

	@Autowired
	PresenceSubscribers subscribers;

	@Autowired
	ApplicationEventPublisher publisher;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storeProperties(DynamicPropertyRegistry registry) {
		registry.add("iai.heartbeat.wrappers-dir", () -> store.resolve("wrappers").toString());
	}

	@BeforeAll
	static void writeManyStaleHeartbeats() {
		Instant longAgo = Instant.now().minus(Duration.ofHours(1));
		for (int i = 0; i < ENTRIES; i++) {
			HeartbeatFiles.write(store.resolve("wrappers"), 999_000 + i, "stale-" + i, longAgo);
		}
	}

	@AfterEach
	void closeReaders() throws Exception {
		for (AutoCloseable closeable : this.opened) {
			closeable.close();
		}
	}

	@Test
	void stalledReaderNeitherHoldsUpTheOthersNorKeepsItsSlot() throws Exception {
		PresenceSnapshot big = this.runner.scanNow(false);
		stalledReader();
		BlockingQueue<String> events = reader();
		assertThat(events.poll(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).as("on connect").isNotNull();
		for (int i = 0; i < EVENTS; i++) {
			this.publisher.publishEvent(new PresenceChangedEvent(PresenceState.ACTIVE, big));
			assertThat(events.poll(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).as("event %d", i).isNotNull();
		}
		for (int i = 0; i < PresenceSubscribers.MAX_SUBSCRIBERS - 1; i++) {
			assertThat(reader().poll(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).as("reader %d", i).isNotNull();
		}
	}

	@Test
	void readersThatCloseTheirConnectionFreeTheirSlotsWithinASecond() throws Exception {
		List<Socket> readers = new ArrayList<>();
		for (int i = 0; i < PresenceSubscribers.MAX_SUBSCRIBERS; i++) {
			Socket reader = streamSocket();
			assertThat(RawHttp.statusLine(reader)).isEqualTo("HTTP/1.1 200");
			readers.add(reader);
		}
		try (Socket refused = streamSocket()) {
			assertThat(RawHttp.statusLine(refused)).isEqualTo("HTTP/1.1 503");
		}
		for (int i = 0; i < readers.size(); i++) {
			leave(readers.get(i), i % 2 == 0);
		}
		long leftNanos = System.nanoTime();
		List<Socket> newcomers = new ArrayList<>();
		// Well under the 5 s between keep-alives here, which found a reader that left
		// before its connection was watched.
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> {
			Socket newcomer = streamSocket();
			boolean admitted = RawHttp.statusLine(newcomer).equals("HTTP/1.1 200");
			if (admitted) {
				newcomers.add(newcomer);
			}
			return admitted;
		});
		System.out.printf("a 17th reader got a stream %d ms after 16 left%n",
				Duration.ofNanos(System.nanoTime() - leftNanos).toMillis());
		assertThat(snapshotEvent(newcomers.get(0))).isEqualTo("data:");
		for (int i = 1; i < PresenceSubscribers.MAX_SUBSCRIBERS; i++) {
			Socket newcomer = streamSocket();
			assertThat(RawHttp.statusLine(newcomer)).as("reader %d", i).isEqualTo("HTTP/1.1 200");
		}
	}

	@Test
	void aReaderThatSendsOnItsStreamIsDisconnected() throws Exception {
		Socket reader = streamSocket();
		assertThat(RawHttp.statusLine(reader)).isEqualTo("HTTP/1.1 200");
		reader.getOutputStream()
			.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		long sentNanos = System.nanoTime();
		assertThat(skipToEnd(reader.getInputStream())).as("the stream ends").isTrue();
		System.out.printf("a stream whose reader sent a request ended %d ms later%n",
				Duration.ofNanos(System.nanoTime() - sentNanos).toMillis());
	}

	/**
	 * Leaves as a client may: with an end of input (a FIN, what a close sends when all
	 * that arrived was read; sent here whatever was not) or a reset (what a close sends
	 * when something arrived unread, or a killed process leaves).
	 */
	private static void leave(Socket reader, boolean endOfInput) throws IOException {
		if (endOfInput) {
			reader.shutdownOutput();
		}
		else {
			reader.setSoLinger(true, 0);
			reader.close();
		}
	}

	/** Reads until the server closes (bounded), within the socket's read timeout. */
	private static boolean skipToEnd(InputStream input) throws IOException {
		byte[] buffer = new byte[65536];
		for (long total = 0; total < 100_000_000;) {
			int read = input.read(buffer);
			if (read == -1) {
				return true;
			}
			total += read;
		}
		return false;
	}

	/** Reads past the headers to the {@code presence} event's data line (bounded). */
	private static String snapshotEvent(Socket reader) throws IOException {
		InputStream input = reader.getInputStream();
		StringBuilder received = new StringBuilder();
		String marker = "event:presence\n";
		for (int next = input.read(); next != -1 && received.length() < 1_000_000; next = input.read()) {
			received.append((char) next);
			int event = received.indexOf(marker);
			if (event >= 0 && received.length() >= event + marker.length() + 5) {
				return received.substring(event + marker.length(), event + marker.length() + 5);
			}
		}
		return received.toString();
	}

	/** Asks for the stream with a tiny receive window and never reads. */
	private Socket stalledReader() throws IOException {
		Socket socket = new Socket();
		this.opened.add(socket);
		socket.setReceiveBufferSize(1024);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		requestStream(socket);
		return socket;
	}

	private Socket streamSocket() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		this.opened.add(socket);
		socket.setSoTimeout((int) PROMPTLY.toMillis());
		requestStream(socket);
		return socket;
	}

	private static void requestStream(Socket socket) throws IOException {
		socket.getOutputStream()
			.write("GET /presence/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
	}

	/** The data of each {@code presence} event a reading client receives. */
	private BlockingQueue<String> reader() throws Exception {
		HttpResponse<Stream<String>> response = this.http.send(streamRequest(), BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		this.opened.add(response.body());
		BlockingQueue<String> events = new LinkedBlockingQueue<>();
		Thread thread = new Thread(() -> {
			try {
				response.body().filter((line) -> line.startsWith("data:")).forEach(events::add);
			}
			catch (UncheckedIOException ex) {
				// Closed by the test.
			}
		}, "sse-test-reader");
		thread.setDaemon(true);
		thread.start();
		return events;
	}

	private HttpRequest streamRequest() {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/presence/stream"))
			.header("Accept", "text/event-stream")
			.build();
	}

}
