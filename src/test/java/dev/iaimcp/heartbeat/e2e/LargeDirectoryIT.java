package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A runaway writer's directory, 200,000 heartbeats of dead processes, under the deployed
 * {@code jvm.options} (a 128 MB heap that exits on running out): {@code check --json}
 * answers with a bounded snapshot, and the service keeps serving while its first scan
 * judges and deletes them all, then logs a handful of lines about it.
 */
class LargeDirectoryIT {

	private static final int FILES = 200_000;

	private static final Duration PATIENCE = Duration.ofSeconds(180);

	@TempDir
	Path tempDir;

	private Launcher launcher;

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	void aRunawayWritersDirectoryIsCheckedScannedAndCleanedWithinTheDeployedHeap() throws Exception {
		this.launcher = new Launcher(this.tempDir);
		Path wrappersDir = this.tempDir.resolve("store/wrappers");
		long generating = System.nanoTime();
		generate(wrappersDir);
		System.out.println("generated " + FILES + " files in " + millisSince(generating) + " ms");

		Launcher.Result check = this.launcher.check("--json");
		System.out.println(
				"check --json took " + check.took().toMillis() + " ms, " + check.stdout().length() + " characters");
		assertThat(check.exitCode()).as(check.stderr()).isZero();
		JsonNode checked = ServiceClient.JSON.readTree(check.stdout());
		assertThat(checked.path("stale").intValue()).isEqualTo(FILES);
		assertThat(checked.path("entries")).hasSize(1000);
		assertThat(checked.path("omitted").intValue()).isEqualTo(FILES - 1000);
		assertThat(check.stdout().length()).isLessThan(512 * 1024);

		Process writer = this.launcher.writer(wrappersDir);
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Path log = this.tempDir.resolve("logs/heartbeat-scanner.log");
		Process service = this.launcher.service(List.of("--server.port=" + client.port(), "--logging.file.name=" + log,
				"--logging.threshold.console=OFF"));
		List<Long> answeredInMillis = new ArrayList<>();
		boolean answeredDuringTheFirstScan = false;
		long scanning = System.nanoTime();
		while (!"UP".equals(overallHealth(service, client))) {
			long asked = System.nanoTime();
			JsonNode presence = presence(client);
			if (presence != null) {
				answeredInMillis.add(millisSince(asked));
				answeredDuringTheFirstScan |= presence.path("scannedAt").isNull();
			}
			Thread.sleep(200);
			assertThat(Duration.ofNanos(System.nanoTime() - scanning)).isLessThan(PATIENCE);
		}
		System.out.println("first scan and cleanup done " + millisSince(scanning) + " ms after start; presence "
				+ "answered in " + answeredInMillis + " ms meanwhile");
		assertThat(answeredDuringTheFirstScan).as("presence answered while the first scan ran").isTrue();
		assertThat(answeredInMillis).allSatisfy((millis) -> assertThat(millis).isLessThan(2_000));

		await().atMost(PATIENCE).until(() -> onlyTheWritersFileIsLeft(wrappersDir, writer));
		await().atMost(PATIENCE).untilAsserted(() -> {
			JsonNode presence = presence(client);
			assertThat(presence.path("fresh").intValue()).isEqualTo(1);
			assertThat(presence.path("entries").get(0).path("pid").longValue()).isEqualTo(writer.pid());
		});
		String logged = Launcher.read(log);
		assertThat(logged).contains("Deleted 200,000 heartbeat files in all (STALE 200,000)");
		assertThat(logged.lines().filter((line) -> line.contains("ScanReporter"))).hasSizeLessThan(40);
		assertThat(service.isAlive()).as(Launcher.read(this.tempDir.resolve("service.stdout"))).isTrue();
	}

	// Dead pids above pid_max, refreshed an hour ago: all STALE, all to be deleted.
	private static void generate(Path dir) throws IOException {
		Files.createDirectories(dir);
		long deadPid = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip()) + 1;
		String lastRefresh = Instant.now().minus(Duration.ofHours(1)).toString();
		for (int i = 0; i < FILES; i++) {
			long pid = deadPid + i;
			String uuid = "%08x-0000-4000-8000-%012x".formatted(i, pid);
			String payload = """
					{"pid":%d,"uuid":"%s","started_at":"%s","last_refresh":"%s","wrapper_version":"1.0.0","schema_version":1}"""
				.formatted(pid, uuid, lastRefresh, lastRefresh);
			Files.write(dir.resolve("heartbeat-" + pid + "-" + uuid + ".json"),
					payload.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
		}
	}

	private static boolean onlyTheWritersFileIsLeft(Path dir, Process writer) throws IOException {
		try (var files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".json"))
				.allMatch((name) -> name.startsWith("heartbeat-" + writer.pid() + "-"));
		}
	}

	private String overallHealth(Process service, ServiceClient client) throws Exception {
		assertThat(service.isAlive())
			.as("service is running; its stdout:%n%s", Launcher.read(this.tempDir.resolve("service.stdout")))
			.isTrue();
		HttpResponse<String> response = send(client, "/actuator/health");
		return (response != null) ? ServiceClient.JSON.readTree(response.body()).path("status").stringValue() : null;
	}

	private static JsonNode presence(ServiceClient client) throws Exception {
		HttpResponse<String> response = send(client, "/actuator/presence");
		return (response != null) ? ServiceClient.JSON.readTree(response.body()) : null;
	}

	// Null while nothing listens yet; a request that takes longer than the timeout fails.
	private static HttpResponse<String> send(ServiceClient client, String path) throws Exception {
		try {
			return client.send(path, Duration.ofSeconds(10));
		}
		catch (ConnectException ex) {
			return null;
		}
	}

	private static long millisSince(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
	}

}
