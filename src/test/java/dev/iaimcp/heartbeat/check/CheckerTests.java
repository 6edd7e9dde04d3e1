package dev.iaimcp.heartbeat.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.iaimcp.heartbeat.scan.ScanLimits;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;

import static org.assertj.core.api.Assertions.assertThat;

class CheckerTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(NOW);

	private final Path dir = this.fixture.dir();

	private final FakeProcessProbe probe = this.fixture.probe().alive(100).alive(101).alive(102);

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void printsTheCountsOnOneLineAndDeletesNothing() {
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		HeartbeatFiles.write(this.dir, 101, "b", NOW);
		HeartbeatFiles.write(this.dir, 102, "c", NOW);
		Path stale = HeartbeatFiles.write(this.dir, 200, "old", NOW.minusSeconds(600));
		assertThat(run()).isZero();
		assertThat(out()).isEqualTo("n=3 fresh, 1 stale, 0 orphan\n");
		assertThat(err()).isEmpty();
		assertThat(stale).exists();
	}

	@Test
	void cleanupDeletesStaleAndOrphanFilesAndSaysHowMany() {
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		Path stale = HeartbeatFiles.write(this.dir, 200, "old", NOW.minusSeconds(600));
		Path orphan = HeartbeatFiles.write(this.dir, 300, "dead", NOW);
		assertThat(run("--cleanup")).isZero();
		assertThat(out()).isEqualTo("n=1 fresh, 1 stale, 1 orphan; 2 deleted\n");
		assertThat(stale).doesNotExist();
		assertThat(orphan).doesNotExist();
	}

	@Test
	void cleanupSaysHowManyStagingLeftoversOfDeadWritersItDeleted() {
		Path leftover = HeartbeatFiles.writeRaw(this.dir, "heartbeat-300-u.json.9f8e7d6c-5b4a.tmp", "{\"pid\":",
				NOW.minusSeconds(3600));
		assertThat(run("--cleanup")).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 0 orphan; 0 deleted, 1 staging leftovers deleted\n");
		assertThat(leftover).doesNotExist();
	}

	@Test
	void skippedFilesAreCounted() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-not-a-pid.json", "{}", NOW);
		assertThat(run()).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 0 orphan; 1 skipped\n");
	}

	@Test
	void missingDirectoryIsAnEmptyHealthyState() {
		assertThat(run()).isZero();
		assertThat(out()).isEqualTo("n=0 fresh, 0 stale, 0 orphan\n");
	}

	@Test
	void jsonIsTheSnapshotThatThePresenceEndpointServes() {
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		assertThat(run("--json")).isZero();
		JsonNode snapshot = JSON.readTree(out());
		assertThat(snapshot.path("fresh").intValue()).isEqualTo(1);
		assertThat(snapshot.path("active").booleanValue()).isTrue();
		assertThat(snapshot.path("scannedAt").stringValue()).isEqualTo(NOW.toString());
		assertThat(snapshot.path("entries").get(0).path("file").stringValue()).isEqualTo("heartbeat-100-a.json");
		assertThat(snapshot.path("cleanup").isNull()).isTrue();
	}

	@Test
	void jsonOfAHugeDirectoryIsBoundedAndSaysHowManyItLeftOut() {
		for (int pid = 1000; pid < 1010; pid++) {
			HeartbeatFiles.write(this.dir, pid, "gone", NOW);
		}
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		assertThat(run(new ScanLimits(3, 2), "--json")).isZero();
		JsonNode snapshot = JSON.readTree(out());
		assertThat(snapshot.path("orphan").intValue()).isEqualTo(10);
		assertThat(snapshot.path("entries")).hasSize(3);
		assertThat(snapshot.path("entries").get(0).path("status").stringValue()).isEqualTo("FRESH");
		assertThat(snapshot.path("omitted").intValue()).isEqualTo(8);
	}

	@Test
	void jsonEscapesControlCharactersInFileNames() {
		String name = "heartbeat-100-a\u001b[2J\u0007.json";
		HeartbeatFiles.writeRaw(this.dir, name, "torn", NOW);
		assertThat(run("--json")).isZero();
		assertThat(out()).contains("heartbeat-100-a\\u001B[2J\\u0007.json").doesNotContain("\u001b", "\u0007");
		assertThat(JSON.readTree(out()).path("entries").get(0).path("file").stringValue()).isEqualTo(name);
	}

	@Test
	void unreadableDirectoryExitsNonZeroWithTheReason() throws IOException {
		Files.writeString(this.dir, "a file where the directory should be");
		assertThat(run()).isEqualTo(1);
		assertThat(out()).isEmpty();
		assertThat(err()).startsWith("check: cannot scan /wrappers: NotDirectoryException");
	}

	@Test
	void unreadableDirectoryStillPrintsTheJsonSnapshotWithItsError() throws IOException {
		Files.writeString(this.dir, "a file where the directory should be");
		assertThat(run("--json")).isEqualTo(1);
		assertThat(JSON.readTree(out()).path("error").stringValue()).startsWith("NotDirectoryException");
		assertThat(err()).startsWith("check: cannot scan /wrappers");
	}

	private int run(String... args) {
		return run(ScanLimits.DEFAULT, args);
	}

	private int run(ScanLimits limits, String... args) {
		Checker checker = new Checker(this.fixture.limits(limits).runner(), this.fixture.settings(), JSON);
		return checker.run(CheckOptions.parse(List.of(args)), stream(this.out), stream(this.err));
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
