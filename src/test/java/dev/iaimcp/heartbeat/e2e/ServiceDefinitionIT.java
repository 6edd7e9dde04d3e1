package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as the service definitions run it: the exit codes of a stop by each signal a
 * service manager or an operator sends, and the locale they set.
 */
class ServiceDefinitionIT {

	private static final Path SYSTEMD_UNIT = Launcher.PROJECT_DIR
		.resolve("deploy/systemd/heartbeat-scanner.service.template");

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path logFile;

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@ParameterizedTest
	@CsvSource({ "INT, 130", "HUP, 129" })
	void sigintAndSighupStopCleanlyWithAnExitCodeTheUnitCountsAsSuccess(String signal, int exitCode) throws Exception {
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.tempDir.resolve("store/wrappers"),
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid())).start();
		assertThat(kill.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(service.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(service.exitValue()).isEqualTo(exitCode);
		assertThat(successExitStatuses()).contains(Integer.toString(exitCode));
		List<String> lines = Launcher.read(this.logFile).strip().lines().toList();
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Stopping: the JVM is shutting down"));
		assertThat(lines.get(lines.size() - 1)).contains("ShutdownReporter").contains("Stopped after");
	}

	@Test
	void wrappersPathWithNonAsciiCharactersWorksInTheLocaleTheUnitSets() throws Exception {
		// Named in bytes through a shell: this JVM's own locale may not encode the name.
		Path store = this.tempDir.resolve("store");
		ProcessHandle self = ProcessHandle.current();
		String heartbeat = """
				{"pid": %d, "uuid": "u", "started_at": "%s", "last_refresh": "%s", "schema_version": 1}"""
			.formatted(self.pid(), self.info().startInstant().orElseThrow(), Instant.now());
		Process mkdir = new ProcessBuilder("sh", "-c",
				"dir=\"$1/$(printf 'B\\303\\274cher \\342\\230\\225')/wrappers\" && mkdir -p \"$dir\" "
						+ "&& printf '%s' \"$2\" > \"$dir/heartbeat-$3-u.json\"",
				"sh", store.toString(), heartbeat, Long.toString(self.pid()))
			.inheritIO()
			.start();
		assertThat(mkdir.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(mkdir.exitValue()).isZero();
		String wrappersDir = store + "/Bücher ☕/wrappers";
		Files.write(store.resolve("heartbeat-scanner.yml"),
				("iai.heartbeat.wrappers-dir: \"" + wrappersDir + "\"\n").getBytes(StandardCharsets.UTF_8));

		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"), unitLocale());
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		JsonNode health = client.get("/actuator/health").path("components").path("heartbeat").path("details");
		assertThat(health.path("wrappersDir").stringValue()).isEqualTo(wrappersDir);
		ServiceClient.waitUntil().until(() -> client.get("/actuator/presence").path("fresh").intValue() == 1);
	}

	private static List<String> successExitStatuses() throws IOException {
		return unitValue("SuccessExitStatus=").map((value) -> Arrays.asList(value.split(" "))).orElse(List.of());
	}

	private static Map<String, String> unitLocale() throws IOException {
		return unitValue("Environment=\"LC_ALL=")
			.map((value) -> Map.of("LC_ALL", value.substring("LC_ALL=".length()).replace("\"", "")))
			.orElse(Map.of());
	}

	// The template's line for the key; its values hold no placeholders.
	private static Optional<String> unitValue(String prefix) throws IOException {
		return Files.readAllLines(SYSTEMD_UNIT)
			.stream()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(line.indexOf('=') + 1).replaceFirst("^\"", ""))
			.findFirst();
	}

}
