package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
					"\nnew wrapper seen in 0\\.\\d{3} s\nrefresh seen in \\d\\.\\d{3} s\nexit seen in \\d\\.\\d{3} s\n"
							+ "crash seen in \\d+\\.\\d{3} s\n(waiting for the next tick.* to delete the crashed stand-in's file\n)?"
							+ "its file deleted \\d+\\.\\d{3} s after the crash\nall held\n$");
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

	@Test
	void aCleanupOnlyAnHourlyTickWouldDoIsPendingWithWhenAndTheRunKeepsToItsWait() throws Exception {
		startService("--iai.heartbeat.tick-interval-sec=3600");
		Launcher.Result result = this.launcher.verify("--wait=20", "--server.port=" + this.port);
		System.out.println("verify took " + result.took().toMillis() + " ms:\n" + result.stdout());
		assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
		assertThat(result.took()).as("--wait=20, and a JVM to start").isLessThan(Duration.ofSeconds(20 + 10));
		assertThat(result.stdout()).containsPattern("\ncrash seen in \\d+\\.\\d{3} s\n"
				+ "(waiting for the next tick, by ~.*\n)?its file deleted: pending: the next tick( at|, by) "
				+ "~\\d\\d:\\d\\d:\\d\\d \\((in|within) \\d+ s\\),? would delete it; --wait ends sooner, so verify "
				+ "deleted it itself\nall held; the cleanup is pending, as said above\n$");
		assertThat(this.wrappersDir).as("verify removes what it wrote, the directory it had to make too")
			.doesNotExist();
	}

	@Test
	void stoppedWithSigtermVerifyEndsAtOnceAndLeavesNothingBehind() throws Exception {
		stopMidRun(Process::destroy, 143);
	}

	@Test
	void stoppedWithSigintVerifyEndsAtOnceAndLeavesNothingBehind() throws Exception {
		stopMidRun((verify) -> signal(verify, "INT"), 130);
	}

	private void stopMidRun(Consumer<Process> stop, int exitCode) throws Exception {
		// With the watch off every step waits for a tick: when its first step line
		// appears,
		// verify is still running, its first stand-in alive and written.
		startService("--iai.heartbeat.tick-interval-sec=2", "--iai.heartbeat.watch=off");
		Process verify = this.launcher.startVerify("--wait=120", "--server.port=" + this.port);
		Path stdout = this.tempDir.resolve("verify.stdout");
		ServiceClient.waitUntil()
			.until(() -> Launcher.read(stdout).contains("\nnew wrapper seen in ") || !verify.isAlive());
		List<ProcessHandle> standIns = verify.descendants().toList();
		List<Path> written = filesIn(this.wrappersDir);
		assertThat(verify.isAlive()).as("verify prints each step as it completes, not at its end").isTrue();
		assertThat(standIns).as("its stand-in").hasSize(1);
		assertThat(written).as("its stand-in's heartbeat").hasSize(1);
		long stopNanos = System.nanoTime();
		stop.accept(verify);
		assertThat(verify.waitFor(10, TimeUnit.SECONDS)).as("verify ended").isTrue();
		Duration took = Duration.ofNanos(System.nanoTime() - stopNanos);
		String stderr = Launcher.read(this.tempDir.resolve("verify.stderr"));
		System.out
			.println("verify ended " + took.toMillis() + " ms after the signal:\n" + Launcher.read(stdout) + stderr);
		assertThat(took).isLessThan(Duration.ofSeconds(3));
		assertThat(verify.exitValue()).isEqualTo(exitCode);
		assertThat(stderr).contains("verify: stopped; removed its stand-in wrappers and their files");
		assertThat(this.wrappersDir).as("its files, and the directory it had to make").doesNotExist();
		assertThat(standIns).as("its stand-in's process").noneMatch(ProcessHandle::isAlive);
	}

	private static void signal(Process process, String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
