package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify's verdicts against stand-ins for broken services, served on loopback: they
 * answer the same GETs as the real one, from the same directory, but see changes late or
 * never.
 */
class VerifierTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern HEARTBEAT = Pattern.compile("heartbeat-(\\d+)-(.+)\\.json");

	@TempDir
	Path wrappers;

	private HttpServer server;

	private final Traces traces = new Traces();

	private final List<String> printed = new CopyOnWriteArrayList<>();

	private @Nullable Instant lastTickEnded;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void serviceThatSeesWrappersOnlyOnItsTickFailsNamingItsWatch() throws Exception {
		serve(1, "tick only: java.io.IOException: User limit of inotify instances reached; retrying",
				Duration.ofMillis(2500));
		VerifyReport report = verify();
		assertThat(report.ok()).isFalse();
		assertThat(report.failure())
			.matches("seen only after 2\\.\\d\\d s: the service saw it on its tick \\(every 1 s\\), "
					+ "not through its watch \\(health says watch: tick only: java.io.IOException: User limit of inotify "
					+ "instances reached; retrying\\)");
		assertThat(report.text()).contains("verify failed: seen only after").contains("new wrapper seen in 2.");
		assertThat(filesIn(this.wrappers)).as("the stand-in's heartbeat is removed").isEmpty();
	}

	@Test
	void serviceThatNeverCleansUpAfterACrashFailsWithinItsTickAndTheMargin() throws Exception {
		serve(1, "inotify", Duration.ZERO);
		long startNanos = System.nanoTime();
		VerifyReport report = verify();
		assertThat(report.ok()).isFalse();
		assertThat(report.failure()).startsWith("waited 11 s for cleanup and the service never reported it");
		assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(30));
		assertThat(filesIn(this.wrappers)).as("verify deletes the crashed stand-in's file itself").isEmpty();
	}

	@Test
	void aCleanupThatOnlyATickAfterTheDeadlineWouldDoIsPendingWithWhenAndNotWaitedFor() throws Exception {
		this.lastTickEnded = Instant.now().minusSeconds(100).truncatedTo(ChronoUnit.SECONDS);
		serve(3600, "inotify", Duration.ZERO);
		long startNanos = System.nanoTime();
		VerifyReport report = verify(Duration.ofSeconds(20));
		assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).as("not waited for")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(report.ok()).as(report.text()).isTrue();
		String nextTick = DateTimeFormatter.ofPattern("HH:mm:ss")
			.format(this.lastTickEnded.plusSeconds(3600).atZone(ZoneId.systemDefault()));
		assertThat(report.text())
			.containsPattern("\ncrash seen in \\d\\.\\d{3} s\nits file deleted: pending: the next tick at ~" + nextTick
					+ " \\(in 3\\d\\d\\d s\\) would delete it; --wait ends sooner, so verify deleted it itself\n"
					+ "all held; the cleanup is pending, as said above\n$");
		JsonNode json = JSON.readTree(report.json(JSON)).path("pending").path("crashCleanedUp");
		assertThat(json.path("nextTickAt").stringValue()).isEqualTo(this.lastTickEnded.plusSeconds(3600).toString());
		assertThat(json.path("nextTickKnown").booleanValue()).isTrue();
		assertThat(filesIn(this.wrappers)).as("verify deletes the crashed stand-in's file itself").isEmpty();
	}

	@Test
	void aTickThatMayComeAnyMomentIsWaitedForUntilTheDeadlineOnly() throws Exception {
		serve(3600, "inotify", Duration.ZERO);
		long startNanos = System.nanoTime();
		VerifyReport report = verify(Duration.ofSeconds(4));
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		assertThat(took).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
		assertThat(report.ok()).as(report.text()).isTrue();
		assertThat(report.text()).contains("waiting for the next tick, by ~")
			.contains("its file deleted: pending: the next tick, by ~");
		assertThat(filesIn(this.wrappers)).isEmpty();
	}

	@Test
	void aServiceTooSlowForTheRunsTimeFailsWhenItIsUpNamingWait() throws Exception {
		serve(3600, "inotify", Duration.ofHours(1));
		long startNanos = System.nanoTime();
		VerifyReport report = verify(Duration.ofSeconds(3));
		assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(5));
		assertThat(report.failure()).matches("waited [23] s for new wrapper, all that was left of --wait=3, and the "
				+ "service did not report it; give verify longer with --wait=SECONDS, .*");
		assertThat(filesIn(this.wrappers)).isEmpty();
	}

	@Test
	void eachStepIsPrintedAsItCompletes() throws Exception {
		this.lastTickEnded = Instant.now();
		serve(3600, "inotify", Duration.ZERO);
		List<String> linesWhenTheRefreshWasSeen = new ArrayList<>();
		VerifyReport report = verify(Duration.ofSeconds(60), (line) -> {
			this.printed.add(line);
			if (line.startsWith("refresh seen")) {
				linesWhenTheRefreshWasSeen.addAll(this.printed);
			}
		});
		assertThat(report.ok()).as(report.text()).isTrue();
		assertThat(linesWhenTheRefreshWasSeen).anyMatch((line) -> line.startsWith("new wrapper seen in 0."))
			.noneMatch((line) -> line.startsWith("exit seen"))
			.last()
			.asString()
			.startsWith("refresh seen in 0.");
		assertThat(String.join("\n", this.printed) + "\n").isEqualTo(report.text());
		assertThat(this.printed).last().isEqualTo("all held; the cleanup is pending, as said above");
	}

	@Test
	void stoppedMidRunItRemovesWhatItWroteAndWritesNoMore() throws Exception {
		serve(1, "inotify", Duration.ZERO);
		List<Long> standIns = new ArrayList<>();
		VerifyReport report = verify(Duration.ofSeconds(60), (line) -> {
			if (line.startsWith("new wrapper seen")) {
				standIns.addAll(pidsIn(this.wrappers));
				// What a SIGTERM's shutdown hook does, from its own thread, while the run
				// goes on.
				CompletableFuture.runAsync(this.traces::removeAll).join();
			}
		});
		assertThat(report.failure())
			.isEqualTo("verify was stopped (SIGINT or SIGTERM) and removed what it had written");
		assertThat(standIns).hasSize(1);
		assertThat(ProcessHandle.of(standIns.get(0)).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(filesIn(this.wrappers)).isEmpty();
	}

	@Test
	void serviceThatIsNotHeartbeatScannerIsToldApart() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> respond(exchange, 200, "{\"app\":\"something else\"}"));
		this.server.start();
		VerifyReport report = verify();
		assertThat(report.failure()).contains("is not heartbeat-scanner");
	}

	private VerifyReport verify() throws InterruptedException {
		return verify(VerifyOptions.DEFAULT_TIME_LIMIT);
	}

	private VerifyReport verify(Duration timeLimit) throws InterruptedException {
		return verify(timeLimit, this.printed::add);
	}

	private VerifyReport verify(Duration timeLimit, Consumer<String> printer) throws InterruptedException {
		URI actuator = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/actuator/");
		ServiceLocation location = new ServiceLocation(actuator, "127.0.0.1:" + this.server.getAddress().getPort(),
				this.wrappers);
		Deadline deadline = Deadline.in(timeLimit);
		VerifyReport report = new VerifyReport(location.display(), this.wrappers, printer);
		return new Verifier(location, new ActuatorClient(actuator, deadline), deadline, false, this.traces, report)
			.run();
	}

	/**
	 * A service that lists the directory on every GET but reports a heartbeat only once
	 * its file is older than {@code lateBy}, judges by the writer's process, and deletes
	 * nothing.
	 */
	private void serve(long tickSec, String watch, Duration lateBy) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		Map<String, Object> info = Map.of("heartbeat", Map.of("wrappersDir", this.wrappers.toString(),
				"tickIntervalSec", tickSec, "cleanupEnabled", true, "watch", "auto"));
		Map<String, Object> health = Map.of("components",
				Map.of("heartbeat", Map.of("details", Map.of("watch", watch))));
		context("/actuator/info", () -> info);
		context("/actuator/health", () -> health);
		context("/actuator/presence", () -> presence(lateBy));
		this.server.start();
	}

	private void context(String path, Supplier<Object> body) {
		this.server.createContext(path, (exchange) -> respond(exchange, 200, JSON.writeValueAsString(body.get())));
	}

	private Map<String, Object> presence(Duration lateBy) {
		Map<String, Object> presence = new HashMap<>(Map.of("entries", entries(lateBy)));
		if (this.lastTickEnded != null) {
			presence.put("cleanup", Map.of("at", this.lastTickEnded.toString(), "deleted", 0, "leftovers", 0));
		}
		return presence;
	}

	private List<Map<String, Object>> entries(Duration lateBy) {
		Instant seenBefore = Instant.now().minus(lateBy);
		try (Stream<Path> files = Files.list(this.wrappers)) {
			return files.filter((file) -> modified(file).isBefore(seenBefore))
				.map((file) -> HEARTBEAT.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((name) -> entry(Long.parseLong(name.group(1)), name.group(2)))
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private Map<String, Object> entry(long pid, String uuid) {
		boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		String lastRefresh = lastRefresh(this.wrappers.resolve("heartbeat-" + pid + "-" + uuid + ".json"));
		return Map.of("pid", pid, "uuid", uuid, "status", alive ? "FRESH" : "ORPHAN", "lastRefresh", lastRefresh);
	}

	private static String lastRefresh(Path file) {
		try {
			return JSON.readTree(Files.readString(file)).path("last_refresh").asString();
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	private static Instant modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			return FileTime.fromMillis(Long.MAX_VALUE).toInstant();
		}
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static List<Long> pidsIn(Path dir) {
		try {
			return filesIn(dir).stream()
				.map((file) -> HEARTBEAT.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((name) -> Long.parseLong(name.group(1)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
