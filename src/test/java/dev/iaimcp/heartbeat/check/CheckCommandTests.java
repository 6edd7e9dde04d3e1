package dev.iaimcp.heartbeat.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check as {@code main} runs it, in this JVM: the service's configuration, one scan,
 * an exit code, and no application context.
 */
class CheckCommandTests {

	private static final String HISTORY_FILE = "heartbeat-scanner-history.jsonl";

	private final CheckCommand check = new CheckCommand();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path wrappersDir;

	// The check sets the root level for the JVM it owns; later tests in this JVM log at
	// INFO.
	@AfterEach
	void restoreTheDefaultLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
	}

	@Test
	void checkStartsNoWebServerEvenWhenTheServicesPortIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--server.port=" + taken.getLocalPort()))
				.isZero();
			assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 0 orphan\n");
		}
	}

	@Test
	void checkStartsNoTickThatCouldCleanUpUnasked() throws InterruptedException {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--iai.heartbeat.cleanup-enabled=true"))
			.isZero();
		Thread.sleep(1500);
		assertThat(orphan).exists();
		assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> !before.contains(thread))
			.extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("heartbeat-") || name.startsWith("presence-"));
	}

	@Test
	void checkNeverWritesTheStateFileTheServiceKeeps() {
		Path wrappers = this.wrappersDir.resolve("wrappers");
		ProcessHandle self = ProcessHandle.current();
		HeartbeatFiles.write(wrappers, self.pid(), "own", self.info().startInstant().orElseThrow(), Instant.now());
		assertThat(run("--iai.heartbeat.wrappers-dir=" + wrappers)).isZero();
		assertThat(out()).isEqualTo("n=1 fresh, 0 stale, 0 orphan\n");
		assertThat(this.wrappersDir.resolve("heartbeat-scanner-state.json")).doesNotExist();
	}

	@Test
	void checkHistoryPrintsTheLastEventsTheServiceKeptAfterItsLine() throws IOException {
		Path wrappers = this.wrappersDir.resolve("wrappers");
		Files.createDirectories(wrappers);
		Files.writeString(this.wrappersDir.resolve(HISTORY_FILE), String.join("\n",
				"{\"at\":\"2026-12-06T16:00:00Z\",\"kind\":\"SERVICE_STARTED\"}",
				"{\"at\":\"2026-12-06T16:02:11Z\",\"kind\":\"WRAPPER_DEPARTED\",\"pid\":4242,\"uuid\":\"aaaa-1\","
						+ "\"file\":\"heartbeat-4242-aaaa-1.json\",\"reason\":\"PROCESS_ENDED\","
						+ "\"detail\":\"pid 4242 is not running; here for 2 min\"}",
				"{\"at\":\"2026-12-06T16:02:11Z\",\"kind\":\"PRESENCE_CHANGED\",\"from\":\"ACTIVE\",\"to\":\"ABSENT\"}",
				""));
		assertThat(run("--history", "2", "--iai.heartbeat.wrappers-dir=" + wrappers)).isZero();
		ZoneId zone = ZoneId.systemDefault();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 0 orphan\n" + "history: the last 2 events, in local time ("
				+ zone + ")\n" + local("2026-12-06T16:02:11Z", zone)
				+ "  WRAPPER_DEPARTED  pid 4242  PROCESS_ENDED  pid 4242 is not running; here for 2 min\n"
				+ local("2026-12-06T16:02:11Z", zone) + "  PRESENCE_CHANGED  ACTIVE -> ABSENT\n");
	}

	@Test
	void checkJsonHistoryAddsTheEventsAsAHistoryArray() throws IOException {
		Path wrappers = this.wrappersDir.resolve("wrappers");
		Files.createDirectories(wrappers);
		Files.writeString(this.wrappersDir.resolve(HISTORY_FILE),
				"{\"at\":\"2026-12-06T16:00:00Z\",\"kind\":\"SERVICE_STARTED\"}\n");
		assertThat(run("--json", "--history=10", "--iai.heartbeat.wrappers-dir=" + wrappers)).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(out());
		assertThat(json.path("fresh").isInt()).isTrue();
		assertThat(json.path("history")).singleElement()
			.satisfies((event) -> assertThat(event.path("kind").stringValue()).isEqualTo("SERVICE_STARTED"));
	}

	@Test
	void checkNeverWritesTheHistoryTheServiceKeeps() {
		Path wrappers = this.wrappersDir.resolve("wrappers");
		ProcessHandle self = ProcessHandle.current();
		HeartbeatFiles.write(wrappers, self.pid(), "own", self.info().startInstant().orElseThrow(), Instant.now());
		assertThat(run("--history", "5", "--iai.heartbeat.wrappers-dir=" + wrappers)).isZero();
		assertThat(out()).isEqualTo("n=1 fresh, 0 stale, 0 orphan\nhistory: none kept beside " + wrappers + "\n");
		assertThat(this.wrappersDir.resolve(HISTORY_FILE)).doesNotExist();
	}

	@Test
	void checkReadsTheSettingsOfTheFilesTheServiceReads() throws IOException {
		Path store = Files.createDirectories(this.wrappersDir.resolveSibling("store"));
		Files.writeString(store.resolve("extra.yml"), "iai:\n  heartbeat:\n    stale-threshold-sec: 0\n");
		assertThat(run("--spring.config.additional-location=file:" + store.resolve("extra.yml"))).isEqualTo(2);
		assertThat(err()).startsWith("check: bad configuration: iai.heartbeat.stale-threshold-sec=0 (")
			.contains("extra.yml")
			.endsWith("): must be greater than 0\n");
	}

	@Test
	void checkScansOnceWithTheGivenSettingsAndDeletesNothingUnasked() {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir)).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 1 orphan\n");
		assertThat(orphan).exists();
	}

	@Test
	void checkWithCleanupDeletes() {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		assertThat(run("--cleanup", "--iai.heartbeat.wrappers-dir=" + this.wrappersDir)).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 1 orphan; 1 deleted\n");
		assertThat(orphan).doesNotExist();
	}

	@Test
	void badSettingExitsWithTwoNamingTheKeyAndTheRule() {
		assertThat(run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.stale-threshold-sec=0"))
			.isEqualTo(2);
		assertThat(out()).isEmpty();
		assertThat(err()).isEqualTo("check: bad configuration: iai.heartbeat.stale-threshold-sec=0 "
				+ "(\"iai.heartbeat.stale-threshold-sec\" from property source \"commandLineArgs\"): "
				+ "must be greater than 0\n");
	}

	@Test
	void unknownArgumentExitsWithTwoAndTheUsageBeforeStartingAnything() {
		assertThat(run("--verbose")).isEqualTo(2);
		assertThat(err())
			.startsWith("check: unknown argument '--verbose'\nusage: java -jar heartbeat-scanner.jar check");
	}

	@Test
	void helpPrintsTheUsage() {
		assertThat(run("--help")).isZero();
		assertThat(out()).startsWith("usage: java -jar heartbeat-scanner.jar check [--json] [--cleanup]");
	}

	private static String local(String instant, ZoneId zone) {
		return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.parse(instant).atZone(zone));
	}

	private int run(String... args) {
		return this.check.run(List.of(args), stream(this.out), stream(this.err));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private static PrintStream stream(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

}
