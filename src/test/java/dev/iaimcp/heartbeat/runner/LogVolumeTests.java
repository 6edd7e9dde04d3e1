package dev.iaimcp.heartbeat.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory that a runaway writer or an attacker filled cannot flood the log, and no
 * file name can write a line of its own into it.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogVolumeTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final Path dir = this.fixture.dir();

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe();

	private final LatestPresence latest = this.fixture.latest();

	private final ScanRunner runner = ScanRunners.create(this.fixture);

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void cleaningUpThousandsOfFilesLogsTheFirstFewAndOneSummary(CapturedOutput output) {
		for (int pid = 1; pid <= 3000; pid++) {
			HeartbeatFiles.write(this.dir, 100_000 + pid, "u", START.minusSeconds((pid % 2 == 0) ? 600 : 5));
		}
		this.runner.tick();
		assertThat(this.latest.snapshot().cleanup().deleted()).isEqualTo(3000);
		assertThat(lines(output, "Deleted /wrappers/")).hasSize(ScanReporter.LINES_PER_BURST);
		assertThat(lines(output, "Deleted 3,000 heartbeat files in all (ORPHAN 1,500, STALE 1,500)")).hasSize(1);
		assertThat(output.getAll().lines()).hasSizeLessThan(25);
	}

	@Test
	void thousandsOfSymbolicLinksAreSummarisedOnceWhileTheyLast(CapturedOutput output) throws IOException {
		Files.createDirectories(this.dir);
		for (int i = 0; i < 3000; i++) {
			Files.createSymbolicLink(this.dir.resolve("heartbeat-" + i + "-u.json"), this.dir.resolve("elsewhere"));
		}
		this.runner.tick();
		assertThat(lines(output, "Skipped /wrappers/")).hasSize(ScanReporter.LINES_PER_BURST);
		assertThat(lines(output, "Skipped 3,000 files in all (symbolic link 3,000)")).hasSize(1);
		int afterFirstTick = output.getAll().length();
		this.runner.tick();
		assertThat(output.getAll().substring(afterFirstTick)).isEmpty();
	}

	@Test
	void controlCharactersInFileNamesAreEscapedInTheLog(CapturedOutput output) {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-7-x\u001b[2J\u007f\u009b.json", "torn", START.minusSeconds(600));
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-8-x\n2026-05-02 INFO forged\r\u0085.json", "{}", START);
		this.runner.tick();
		assertThat(output.getAll()).doesNotContain("\n2026-05-02 INFO forged")
			.doesNotContain("\u001b")
			.doesNotContain("\u0085")
			.doesNotContain("\u007f")
			.doesNotContain("\r")
			.doesNotContain("\u009b")
			.contains("Deleted /wrappers/heartbeat-7-x\\u001B[2J\\u007F\\u009B.json (STALE")
			.contains("Skipped /wrappers/heartbeat-8-x\\n2026-05-02 INFO forged\\r\\u0085.json: name is not");
	}

	private static List<String> lines(CapturedOutput output, String containing) {
		return output.getAll().lines().filter((line) -> line.contains(containing)).toList();
	}

}
