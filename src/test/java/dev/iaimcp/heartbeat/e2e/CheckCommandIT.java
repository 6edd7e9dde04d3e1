package dev.iaimcp.heartbeat.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar heartbeat-scanner.jar check} as an operator runs it: its exit codes,
 * and stdout that carries the answer alone.
 */
class CheckCommandIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path orphan;

	private Process writer;

	@BeforeEach
	void oneLiveWrapperAndOneOrphan() throws Exception {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = Files.createDirectories(this.tempDir.resolve("store/wrappers"));
		this.orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		this.writer = this.launcher.writer(this.wrappersDir);
		await().atMost(Duration.ofSeconds(120)).until(() -> countFiles() == 2);
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	void checkPrintsOneDoctorLineAndDeletesNothing() throws Exception {
		Launcher.Result result = this.launcher.check("--iai.heartbeat.wrappers-dir=" + this.wrappersDir);
		System.out.println("check took " + result.took().toMillis() + " ms");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("n=1 fresh, 0 stale, 1 orphan\n");
		assertThat(this.orphan).exists();
	}

	@Test
	void checkFindsTheStoreThroughIaiMcpStoreLikeTheService() throws Exception {
		Launcher.Result result = this.launcher.check();
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("n=1 fresh, 0 stale, 1 orphan\n");
	}

	@Test
	void checkJsonPrintsOnlyTheSnapshotOnStdout() throws Exception {
		Launcher.Result result = this.launcher.check("--json", "--iai.heartbeat.wrappers-dir=" + this.wrappersDir);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		JsonNode snapshot = JSON.readTree(result.stdout());
		assertThat(snapshot.path("fresh").intValue()).isEqualTo(1);
		assertThat(snapshot.path("orphan").intValue()).isEqualTo(1);
		assertThat(snapshot.path("entries").valueStream().map((entry) -> entry.path("pid").longValue()))
			.contains(this.writer.pid());
	}

	@Test
	void checkWithCleanupDeletesTheOrphanAndKeepsTheLiveWrapper() throws Exception {
		Launcher.Result result = this.launcher.check("--cleanup", "--iai.heartbeat.wrappers-dir=" + this.wrappersDir);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).isEqualTo("n=1 fresh, 0 stale, 1 orphan; 1 deleted\n");
		assertThat(this.orphan).doesNotExist();
		assertThat(countFiles()).isEqualTo(1);
	}

	@Test
	void checkOfAPathThatIsNoDirectoryExitsOneWithTheReason() throws Exception {
		Path notADirectory = Files.writeString(this.tempDir.resolve("not-a-directory"), "");
		Launcher.Result result = this.launcher.check("--iai.heartbeat.wrappers-dir=" + notADirectory);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).contains("check: cannot scan " + notADirectory + ": NotDirectoryException");
	}

	@Test
	void checkWithABadSettingExitsTwoNamingIt() throws Exception {
		Launcher.Result result = this.launcher.check("--iai.heartbeat.stale-threshold-sec=0");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr()).contains("check: bad configuration: iai.heartbeat.stale-threshold-sec=0 "
				+ "(\"iai.heartbeat.stale-threshold-sec\" from property source \"commandLineArgs\"): "
				+ "must be greater than 0");
	}

	private long countFiles() throws Exception {
		try (var files = Files.list(this.wrappersDir)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json")).count();
		}
	}

}
