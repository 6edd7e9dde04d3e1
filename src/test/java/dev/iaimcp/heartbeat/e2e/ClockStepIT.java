package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.testsupport.Prerequisite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar and three wrapper stand-ins, all under libfaketime sharing one offset
 * file, so that their wall clocks step together while the kernel's clocks (monotonic, and
 * the process start times in {@code /proc}) do not, as on a machine whose clock NTP or
 * {@code date -s} steps.
 */
class ClockStepIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/**
	 * Longer than a tick and than one refresh: each step is judged before and after the
	 * writers refresh.
	 */
	private static final Duration HOLD = Duration.ofSeconds(8);

	private static final Duration REFRESH = Duration.ofSeconds(5);

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	private Path offsetFile;

	private Duration offset = Duration.ZERO;

	private final List<String> notFresh = new ArrayList<>();

	private final List<Process> others = new ArrayList<>();

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
		this.offsetFile = Files.writeString(this.tempDir.resolve("faketime.rc"), "+0\n");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.others.forEach(Process::destroyForcibly);
		this.launcher.close();
	}

	@Test
	void wallClockStepsLeaveLiveWrappersFreshAndTheirFilesInPlaceAndARealPidReuseIsStillOrphan() throws Exception {
		underFakeTime();
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=1",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		List<Process> writers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			writers.add(this.launcher.writer(this.wrappersDir, REFRESH));
		}
		waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		List<Long> pids = writers.stream().map(Process::pid).toList();
		waitUntil().until(() -> statusOf(client, pids).values().stream().allMatch("FRESH"::equals));
		Map<Long, Path> files = heartbeatsOf(pids);

		for (int seconds : new int[] { 5, -5, 120, -120 }) {
			step(Duration.ofSeconds(seconds), client);
			holdWatching(client, pids);
			if (seconds == 120) {
				assertReusedPidIsOrphan(client);
			}
		}

		assertThat(this.notFresh).as("scans where a live wrapper was not FRESH").isEmpty();
		assertThat(files.values()).allSatisfy((file) -> assertThat(file).exists());
		assertThat(log()).doesNotContain(files.values().stream().map((file) -> "Deleted " + file).toList());
		assertThat(writers).allMatch(Process::isAlive);
	}

	/**
	 * A heartbeat refreshed 20 s ago (on the stepped clock) whose pid now names a process
	 * started after that refresh: that process is not its writer. (Its deletion waits:
	 * the service holds back files of live pids for a while after its clock jumped.)
	 */
	private void assertReusedPidIsOrphan(ServiceClient client) throws Exception {
		Process newcomer = new ProcessBuilder("sleep", "60").start();
		this.others.add(newcomer);
		Instant lastRefresh = Instant.now().plus(this.offset).minusSeconds(20);
		Path file = this.wrappersDir.resolve("heartbeat-" + newcomer.pid() + "-reused.json");
		Files.writeString(file, """
				{"pid": %d, "uuid": "reused", "started_at": "%s", "last_refresh": "%s", "schema_version": 1}
				""".formatted(newcomer.pid(), lastRefresh.minusSeconds(600), lastRefresh));
		waitUntil().until(() -> statusOf(client, List.of(newcomer.pid())).get(newcomer.pid()), "ORPHAN"::equals);
	}

	private void underFakeTime() {
		this.launcher.environment("LD_PRELOAD", libfaketime().toString());
		this.launcher.environment("FAKETIME_TIMESTAMP_FILE", this.offsetFile.toString());
		// Read the offset file on every call, so that all processes step at once.
		this.launcher.environment("FAKETIME_NO_CACHE", "1");
		// A real step leaves the monotonic clock alone (and the JVM hangs with it faked).
		// With it real, libfaketime's rewriting of timed waits only burns CPU: the JVM
		// then took ten times longer to start.
		this.launcher.environment("FAKETIME_DONT_FAKE_MONOTONIC", "1");
		this.launcher.environment("FAKETIME_FORCE_MONOTONIC_FIX", "0");
		// A real step leaves the times of files already written alone.
		this.launcher.environment("NO_FAKE_STAT", "1");
	}

	private static Path libfaketime() {
		List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/local/lib/faketime/libfaketime.so.1"),
				Path.of("/usr/lib/faketime/libfaketime.so.1")));
		try (DirectoryStream<Path> multiarch = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
			multiarch.forEach((dir) -> candidates.add(dir.resolve("faketime/libfaketime.so.1")));
		}
		catch (IOException ex) {
			// No multiarch directories: the fixed candidates remain.
		}
		return Prerequisite.LIBFAKETIME.require(candidates.stream().filter(Files::isReadable).findFirst());
	}

	/**
	 * Moves every faked clock by {@code step}, and waits until the service's scans show
	 * it.
	 */
	private void step(Duration step, ServiceClient client) throws Exception {
		this.offset = this.offset.plus(step);
		Files.writeString(this.offsetFile, "%+d\n".formatted(this.offset.toSeconds()));
		waitUntil().until(() -> Duration.between(Instant.now().plus(this.offset), scannedAt(client))
			.abs()
			.compareTo(Duration.ofSeconds(3)) < 0);
	}

	private void holdWatching(ServiceClient client, List<Long> pids) throws Exception {
		long until = System.nanoTime() + HOLD.toNanos();
		while (System.nanoTime() < until) {
			Map<Long, String> statuses = statusOf(client, pids);
			if (!statuses.values().stream().allMatch("FRESH"::equals)) {
				this.notFresh.add("offset " + this.offset + ": " + statuses);
			}
			Thread.sleep(200);
		}
	}

	private Map<Long, String> statusOf(ServiceClient client, List<Long> pids) throws Exception {
		Map<Long, String> statuses = client.get("/actuator/presence")
			.path("entries")
			.valueStream()
			.filter((entry) -> pids.contains(entry.path("pid").longValue()))
			.collect(Collectors.toMap((entry) -> entry.path("pid").longValue(),
					(entry) -> entry.path("status").stringValue(), (first, second) -> first + "," + second));
		pids.forEach((pid) -> statuses.putIfAbsent(pid, "absent"));
		return statuses;
	}

	private Instant scannedAt(ServiceClient client) throws Exception {
		String scannedAt = client.get("/actuator/presence").path("scannedAt").stringValue();
		return (scannedAt != null) ? Instant.parse(scannedAt) : Instant.EPOCH;
	}

	private Map<Long, Path> heartbeatsOf(List<Long> pids) throws IOException {
		try (Stream<Path> files = Files.list(this.wrappersDir)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.filter((file) -> pids.stream()
					.anyMatch((pid) -> file.getFileName().toString().startsWith("heartbeat-" + pid + "-")))
				.collect(Collectors.toMap((file) -> Long.parseLong(file.getFileName().toString().split("-")[1]),
						(file) -> file));
		}
	}

	private ConditionFactory waitUntil() {
		return ServiceClient.waitUntil().atMost(PATIENCE);
	}

	private String log() {
		return Launcher.read(this.logFile);
	}

}
