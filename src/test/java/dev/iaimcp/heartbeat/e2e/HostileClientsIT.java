package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar, with the deployed JVM flags and its 128 MB heap, against local clients
 * that send too much, too slowly, or nothing at all: it must neither run out of memory
 * nor stop answering once they are gone, and stalled clients must not hold its workers.
 */
class HostileClientsIT {

	/** Each presence snapshot carries this many entries of ~500 bytes. */
	private static final int STALE_FILES = 1000;

	@TempDir
	static Path root;

	private static Launcher launcher;

	private static Process service;

	private static int port;

	private final ServiceClient client = new ServiceClient(port);

	@BeforeAll
	static void startService() throws Exception {
		launcher = new Launcher(root);
		Path wrappersDir = root.resolve("store/wrappers");
		writeStaleHeartbeats(wrappersDir);
		port = ServiceClient.freePort();
		ServiceClient client = new ServiceClient(port);
		service = launcher.service(List.of("--server.port=" + port, "--iai.heartbeat.wrappers-dir=" + wrappersDir,
				"--iai.heartbeat.cleanup-enabled=false", "--logging.file.name=" + serviceLog(),
				"--logging.threshold.console=OFF"));
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> launcher.serviceOutput(serviceLog())));
	}

	@AfterAll
	static void stopService() throws InterruptedException {
		launcher.close();
	}

	@Test
	void bodiesOfManyMegabytesAreRefusedWithoutRunningTheHeapOut() throws Exception {
		StringBuilder manyKeys = new StringBuilder("{");
		for (int i = 0; i < 1_000_000; i++) {
			manyKeys.append((i == 0) ? "" : ",").append("\"k").append(i).append("\":1");
		}
		assertThat(postWithLength(manyKeys.append('}').toString())).isEqualTo("HTTP/1.1 413");
		assertThat(postChunked("{\"cleanup\": \"" + "x".repeat(45 * 1024 * 1024) + "\"}")).isEqualTo("HTTP/1.1 413");
		assertThat(service.isAlive()).isTrue();
		assertThat(this.client.send("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void stalledAndTricklingBodiesHoldNoWorkerSoHealthKeepsAnswering() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		// The first sockets meet their 3 s body timeout (408, closed) while later ones
		// may still connect on a loaded machine: trickle only to sockets well inside
		// their time.
		Instant trickleUntil = Instant.now().plusSeconds(2);
		for (int i = 0; i < 210; i++) {
			Socket socket = connect();
			write(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100\r\n\r\n{\"cle");
			stalled.add(socket);
		}
		Instant start = Instant.now();
		while (Duration.between(start, Instant.now()).toSeconds() < 3) {
			for (int i = 0; i < 20 && Instant.now().isBefore(trickleUntil); i++) {
				write(stalled.get(i), " ");
			}
			// Under 200 workers held by the stalled bodies this would wait for the 5 s
			// timeout.
			HttpResponse<String> health = this.client.send("/actuator/health", Duration.ofSeconds(4));
			assertThat(health.statusCode()).isEqualTo(200);
			Thread.sleep(200);
		}
		for (Socket socket : stalled) {
			assertThat(RawHttp.statusLine(socket)).isEqualTo("HTTP/1.1 408");
			socket.close();
		}
	}

	@Test
	void connectionFloodsAreBoundedAndServingResumesOnceTheyEnd() throws Exception {
		try (Selector selector = Selector.open()) {
			List<SocketChannel> flood = new ArrayList<>();
			openConnections(selector, flood, 6000, "");
			openConnections(selector, flood, 2100, "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n");
			Instant start = Instant.now();
			while (Duration.between(start, Instant.now()).toSeconds() < 10) {
				sendWhenConnected(selector);
				assertThat(service.isAlive())
					.as("the service lives; its stdout:%n%s", Launcher.read(root.resolve("service.stdout")))
					.isTrue();
			}
			for (SocketChannel channel : flood) {
				channel.close();
			}
		}
		ServiceClient.waitUntil().until(() -> this.client.isUp(service, () -> launcher.serviceOutput(serviceLog())));
		assertThat(this.client.send("/actuator/presence").statusCode()).isEqualTo(200);
	}

	@Test
	void readerThatStopsReadingDelaysNeitherTheOtherReadersNorShutdown() throws Exception {
		Path wrappersDir = root.resolve("stream/wrappers");
		writeStaleHeartbeats(wrappersDir);
		int streamPort = ServiceClient.freePort();
		ServiceClient streamClient = new ServiceClient(streamPort);
		Path log = root.resolve("logs/stream.log");
		Process streaming = launcher.service(List.of("--server.port=" + streamPort,
				"--iai.heartbeat.wrappers-dir=" + wrappersDir, "--iai.heartbeat.cleanup-enabled=false",
				"--iai.heartbeat.tick-interval-sec=1", "--iai.heartbeat.drowsy-after-sec=1",
				"--iai.heartbeat.idle-window-sec=2", "--logging.file.name=" + log, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil().until(() -> streamClient.isUp(streaming, () -> launcher.serviceOutput(log)));
		// Nobody is here: the first start's ACTIVE turns IDLE within 2 s, and stays.
		ServiceClient.waitUntil().until(() -> "IDLE".equals(state(streamClient)));
		try (Socket stalled = new Socket()) {
			stalled.setReceiveBufferSize(1024);
			stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), streamPort));
			write(stalled, "GET /presence/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
			AtomicInteger received = readEvents(streamClient);
			ServiceClient.waitUntil().until(() -> received.get() == 1);
			long before = transitions(log);
			comeAndGo(wrappersDir, 4);
			assertThat(transitions(log) - before).as("each visit: ACTIVE, then IDLE").isGreaterThanOrEqualTo(4 * 2);
			// Every transition reached the reader that reads (the snapshot on connect,
			// then one each) as it happened, not once a write to the stalled reader timed
			// out.
			await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 1 + transitions(log) - before);

			long stopNanos = System.nanoTime();
			streaming.destroy();
			assertThat(streaming.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Duration stopped = Duration.ofNanos(System.nanoTime() - stopNanos);
			System.out.println("service with a stalled reader stopped " + stopped.toMillis() + " ms after SIGTERM");
			assertThat(streaming.exitValue()).isEqualTo(143);
			assertThat(stopped).as("the README promises at most 20 s").isLessThan(Duration.ofSeconds(20));
		}
	}

	/**
	 * A wrapper (this JVM) that comes and goes: each visit makes presence ACTIVE, ABSENT,
	 * DROWSY, then IDLE.
	 */
	private static void comeAndGo(Path wrappersDir, int visits) throws Exception {
		ProcessHandle self = ProcessHandle.current();
		Instant started = self.info().startInstant().orElseThrow();
		for (int i = 0; i < visits; i++) {
			Path heartbeat = HeartbeatFiles.write(wrappersDir, self.pid(), "visit-" + i, started, Instant.now());
			Thread.sleep(1500);
			Files.delete(heartbeat);
			Thread.sleep(3000);
		}
	}

	private static String state(ServiceClient streamClient) throws Exception {
		return streamClient.get("/actuator/presence").path("state").stringValue();
	}

	private static Path serviceLog() {
		return root.resolve("logs/service.log");
	}

	private static long transitions(Path log) {
		return Launcher.read(log).lines().filter((line) -> line.contains("Presence ") && line.contains(" -> ")).count();
	}

	private static AtomicInteger readEvents(ServiceClient streamClient) throws Exception {
		HttpResponse<Stream<String>> response = streamClient.events("/presence/stream");
		assertThat(response.statusCode()).isEqualTo(200);
		AtomicInteger received = new AtomicInteger();
		Thread reader = new Thread(() -> {
			try {
				response.body()
					.filter((line) -> line.startsWith("event:presence"))
					.forEach((line) -> received.incrementAndGet());
			}
			catch (UncheckedIOException ex) {
				// The service stopped.
			}
		}, "sse-it-reader");
		reader.setDaemon(true);
		reader.start();
		return received;
	}

	private static void writeStaleHeartbeats(Path wrappersDir) {
		Instant longAgo = Instant.now().minus(Duration.ofHours(1));
		String padding = "-" + "p".repeat(200);
		for (int i = 0; i < STALE_FILES; i++) {
			HeartbeatFiles.write(wrappersDir, 900_000 + i, "stale-" + i + padding, longAgo);
		}
	}

	private static void openConnections(Selector selector, List<SocketChannel> flood, int count, String halfRequest)
			throws IOException {
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		for (int i = 0; i < count; i++) {
			SocketChannel channel = SocketChannel.open();
			channel.configureBlocking(false);
			channel.connect(address);
			flood.add(channel);
			if (!halfRequest.isEmpty()) {
				channel.register(selector, SelectionKey.OP_CONNECT, halfRequest);
			}
		}
	}

	private static void sendWhenConnected(Selector selector) throws IOException {
		selector.select(100);
		for (SelectionKey key : selector.selectedKeys()) {
			SocketChannel channel = (SocketChannel) key.channel();
			try {
				if (channel.finishConnect()) {
					channel.write(ByteBuffer.wrap(((String) key.attachment()).getBytes(StandardCharsets.US_ASCII)));
					key.cancel();
				}
			}
			catch (IOException ex) {
				// Refused or reset once the service's limits applied: that is the point.
				key.cancel();
			}
		}
		selector.selectedKeys().clear();
	}

	private static String postWithLength(String body) throws IOException {
		try (Socket socket = connect()) {
			byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
			sendIgnoringRefusal(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n", bytes);
			return RawHttp.statusLine(socket);
		}
	}

	private static String postChunked(String body) throws IOException {
		try (Socket socket = connect()) {
			byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
			byte[] chunked = (Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			sendIgnoringRefusal(socket, "POST /actuator/presence HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked);
			return RawHttp.statusLine(socket);
		}
	}

	// The service answers 413 and closes the connection before the body is through.
	private static void sendIgnoringRefusal(Socket socket, String head, byte[] body) throws IOException {
		OutputStream output = socket.getOutputStream();
		output.write(head.getBytes(StandardCharsets.US_ASCII));
		try {
			output.write(body);
		}
		catch (IOException ex) {
			// Closed by the service; its answer is waiting to be read.
		}
	}

	private static Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
		return socket;
	}

	private static void write(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

}
