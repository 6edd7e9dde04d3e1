package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar heartbeat-scanner.jar verify} against the built jar running as a
 * service, both started as launchd starts them, with the same store.
 */
class VerifyCommandIT {

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private int port;

	private ServiceClient client;

	private Path logFile;

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.port = ServiceClient.freePort();
		this.client = new ServiceClient(this.port);
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	void verifyOfAServiceThatWorksHoldsAndLeavesNothingBehind() throws Exception {
		startService("--iai.heartbeat.tick-interval-sec=2");
		Launcher.Result result = this.launcher.verify("--server.port=" + this.port);
		System.out.println("verify took " + result.took().toMillis() + " ms:\n" + result.stdout());
		assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
		assertThat(result.stdout())
			.startsWith(
					"service at 127.0.0.1:" + this.port + " (watch: inotify), wrappers dir " + this.wrappersDir + "\n")
			.contains("the service scans " + this.wrappersDir + ", but MCP wrappers always write")
			.containsPattern(
					"new wrapper seen in 0\\.\\d\\d s, refresh seen in \\d\\.\\d\\d s, exit seen in \\d\\.\\d\\d s, "
							+ "crash seen in \\d+\\.\\d\\d s, its file deleted \\d+\\.\\d\\d s after the crash: all held");
		assertThat(this.wrappersDir).as("verify removes what it wrote, the directory it had to make too")
			.doesNotExist();
		assertThat(this.client.get("/actuator/presence").path("entries").isEmpty()).isTrue();
	}

	@Test
	void verifyWaitsForAServiceThatIsStillStartingAndReportsJson() throws Exception {
		Files.createDirectories(this.wrappersDir);
		launchService("--iai.heartbeat.tick-interval-sec=2", "--iai.heartbeat.watch=poll");
		Launcher.Result result = this.launcher.verify("--json", "--wait=120", "--server.port=" + this.port);
		assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
		JsonNode report = ServiceClient.JSON.readTree(result.stdout());
		assertThat(report.path("ok").booleanValue()).isTrue();
		assertThat(report.path("watch").stringValue()).isEqualTo("poll");
		assertThat(report.path("wrappersDir").stringValue()).isEqualTo(this.wrappersDir.toString());
		assertThat(report.path("seconds").propertyNames()).containsExactly("newWrapperSeen", "refreshSeen", "exitSeen",
				"crashSeen", "crashCleanedUp");
		assertThat(report.path("seconds").path("newWrapperSeen").doubleValue()).isLessThan(2);
		assertThat(filesIn(this.wrappersDir)).as("verify removes what it wrote").isEmpty();
	}

	@Test
	void withoutAServiceVerifySaysHowToStartOne() throws Exception {
		Launcher.Result result = this.launcher.verify("--server.port=" + this.port);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stdout()).contains("verify failed: no service answering at 127.0.0.1:" + this.port
				+ " (nothing listens there); start it with systemctl --user start heartbeat-scanner");
	}

	@Test
	void serviceScanningAnotherDirectoryIsNamedWithBoth() throws Exception {
		Path elsewhere = this.tempDir.resolve("elsewhere");
		startService("--iai.heartbeat.wrappers-dir=" + elsewhere);
		Launcher.Result result = this.launcher.verify("--wait=120", "--server.port=" + this.port);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stdout()).contains("verify failed: the service at 127.0.0.1:" + this.port + " scans "
				+ elsewhere + ", not " + this.wrappersDir + " where verify writes");
		assertThat(this.wrappersDir).doesNotExist();
	}

	@Test
	void withTheWatchOffChangesAreSeenOnTheTickAndThatHolds() throws Exception {
		startService("--iai.heartbeat.tick-interval-sec=3", "--iai.heartbeat.watch=off");
		Launcher.Result result = this.launcher.verify("--server.port=" + this.port);
		assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
		assertThat(result.stdout()).contains("(watch: tick only: iai.heartbeat.watch is off)");
	}

	private void startService(String... settings) throws Exception {
		Process service = launchService(settings);
		ServiceClient.waitUntil()
			.until(() -> this.client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
	}

	private Process launchService(String... settings) throws IOException {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=" + this.port,
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		args.addAll(List.of(settings));
		return this.launcher.service(args);
	}

	private static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
