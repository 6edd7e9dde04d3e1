package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class HeartbeatScannerTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Duration THRESHOLD = Duration.ofSeconds(90);

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private final MutableClock clock = new MutableClock(NOW);

	private FileSystem fileSystem;

	private Path dir;

	private HeartbeatScanner scanner;

	@BeforeEach
	void createFileSystem() {
		this.fileSystem = Jimfs.newFileSystem(Configuration.unix());
		this.dir = this.fileSystem.getPath("/home/user/.iai-mcp/wrappers");
		this.scanner = new HeartbeatScanner(this.dir, THRESHOLD, this.probe, this.clock, null);
	}

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void recentHeartbeatOfLiveProcessIsFresh() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "a-b-c", NOW.minusSeconds(10));
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.status()).isEqualTo(HeartbeatStatus.FRESH);
			assertThat(entry.pid()).isEqualTo(100);
			assertThat(entry.uuid()).isEqualTo("a-b-c");
			assertThat(entry.lastRefresh()).isEqualTo(NOW.minusSeconds(10));
		});
		assertThat(scan.active()).isTrue();
	}

	@Test
	void heartbeatExactlyAtTheThresholdIsStillFresh() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "u", NOW.minus(THRESHOLD));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void heartbeatPastTheThresholdIsStaleEvenWhenItsProcessLives() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "u", NOW.minus(THRESHOLD).minusMillis(1));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void oldHeartbeatOfDeadProcessIsStaleNotOrphan() {
		HeartbeatFiles.write(this.dir, 100, "u", NOW.minusSeconds(600));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void recentHeartbeatOfDeadProcessIsOrphan() {
		HeartbeatFiles.write(this.dir, 100, "u", NOW.minusSeconds(5));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.ORPHAN);
		assertThat(this.scanner.scan(ScanObserver.NONE).active()).isFalse();
	}

	@Test
	void tornWriteIsJudgedByFileNameAndModificationTime() {
		this.probe.alive(321);
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-321-dead-beef.json", "{\"pid\": 321, \"uu", NOW.minusSeconds(20));
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.pid()).isEqualTo(321);
			assertThat(entry.uuid()).isEqualTo("dead-beef");
			assertThat(entry.lastRefresh()).isEqualTo(NOW.minusSeconds(20));
			assertThat(entry.status()).isEqualTo(HeartbeatStatus.FRESH);
		});
	}

	@Test
	void tornWriteLeftByACrashTurnsStaleByAge() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-321-u.json", "", NOW.minusSeconds(3600));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void payloadWithoutUsableFieldsFallsBackToFileName() {
		List<String> unusable = List.of("[1, 2]", "42", "null", "{\"uuid\": \"x\", \"last_refresh\": \"%s\"}",
				"{\"pid\": \"7\", \"uuid\": \"x\", \"last_refresh\": \"%s\"}",
				"{\"pid\": 7.5, \"uuid\": \"x\", \"last_refresh\": \"%s\"}",
				"{\"pid\": true, \"uuid\": \"x\", \"last_refresh\": \"%s\"}",
				"{\"pid\": 7, \"uuid\": 9, \"last_refresh\": \"%s\"}", "{\"pid\": 7, \"uuid\": \"x\"}",
				"{\"pid\": 7, \"uuid\": \"x\", \"last_refresh\": 1714662870}",
				"{\"pid\": 7, \"uuid\": \"x\", \"last_refresh\": \"yesterday\"}");
		for (int i = 0; i < unusable.size(); i++) {
			String payload = unusable.get(i).formatted(NOW);
			HeartbeatFiles.writeRaw(this.dir, "heartbeat-" + (1000 + i) + "-name.json", payload, NOW.minusSeconds(i));
		}
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).hasSize(unusable.size()).allSatisfy((entry) -> {
			assertThat(entry.uuid()).isEqualTo("name");
			assertThat(entry.file().getFileName().toString()).isEqualTo("heartbeat-" + entry.pid() + "-name.json");
			assertThat(entry.lastRefresh()).isEqualTo(NOW.minusSeconds(entry.pid() - 1000));
		});
	}

	@Test
	void payloadWithoutUuidKeepsItsPidAndAnEmptyUuid() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-1-name.json",
				"{\"pid\": 55, \"last_refresh\": \"" + NOW.minusSeconds(3) + "\"}", NOW.minusSeconds(60));
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.pid()).isEqualTo(55);
			assertThat(entry.uuid()).isEmpty();
			assertThat(entry.lastRefresh()).isEqualTo(NOW.minusSeconds(3));
		});
	}

	@Test
	void writersTimestampFormatsAreAllUnderstood() {
		List<String> stamps = List.of("2026-05-02T15:14:30.123Z", "2026-05-02T15:14:30Z", "2026-05-02T15:14:30+00:00",
				"2026-05-02T17:14:30+02:00", "2026-05-02T15:14:30", "2026-05-02T15:14:30.123456");
		for (int i = 0; i < stamps.size(); i++) {
			HeartbeatFiles.writeRaw(this.dir, "heartbeat-" + (i + 1) + "-u.json",
					"{\"pid\": " + (i + 1) + ", \"uuid\": \"u\", \"last_refresh\": \"" + stamps.get(i) + "\"}",
					NOW.minusSeconds(3600));
		}
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).hasSize(stamps.size())
			.allSatisfy((entry) -> assertThat(entry.lastRefresh()).isBetween(Instant.parse("2026-05-02T15:14:30Z"),
					Instant.parse("2026-05-02T15:14:30.123456Z")));
	}

	@Test
	void missingDirectoryIsAnEmptyHealthyScan() {
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).isEmpty();
		assertThat(scan.listed()).isTrue();
		assertThat(scan.active()).isFalse();
	}

	@Test
	void emptyDirectoryIsAnEmptyHealthyScan() throws IOException {
		Files.createDirectories(this.dir);
		assertThat(this.scanner.scan(ScanObserver.NONE)).satisfies((scan) -> {
			assertThat(scan.entries()).isEmpty();
			assertThat(scan.listed()).isTrue();
		});
	}

	@Test
	void pathThatIsAFileCannotBeListed() throws IOException {
		Files.createDirectories(this.dir.getParent());
		Files.writeString(this.dir, "not a directory");
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.listed()).isFalse();
		assertThat(scan.failure()).contains("NotDirectoryException");
	}

	@Test
	void onlyFilesNamedLikeHeartbeatsAreConsidered() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "u", NOW);
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-100-u.json.0f0e.tmp", "{}", NOW);
		HeartbeatFiles.writeRaw(this.dir, "notes.json", "{}", NOW);
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-abc-u.json", "{}", NOW);
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-100.json", "{}", NOW);
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).extracting((entry) -> entry.file().getFileName().toString())
			.containsExactly("heartbeat-100-u.json");
		assertThat(scan.skipped().items()).extracting((skip) -> skip.file().getFileName().toString())
			.containsExactlyInAnyOrder("heartbeat-abc-u.json", "heartbeat-100.json");
	}

	@Test
	void eachDistinctPidIsProbedOncePerScan() {
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		HeartbeatFiles.write(this.dir, 100, "b", NOW);
		HeartbeatFiles.write(this.dir, 200, "c", NOW);
		this.scanner.scan(ScanObserver.NONE);
		assertThat(this.probe.checked()).containsExactlyInAnyOrder(100L, 200L);
	}

	@Test
	void largeDirectoryIsJudgedAcrossCoresExactlyAsASmallOne() {
		int perKind = HeartbeatScanner.PARALLEL_FROM / 2;
		for (int i = 0; i < perKind; i++) {
			this.probe.alive(10_000 + i);
			HeartbeatFiles.write(this.dir, 10_000 + i, "fresh", NOW);
			HeartbeatFiles.write(this.dir, 20_000 + i, "orphan", NOW);
			HeartbeatFiles.write(this.dir, 30_000 + i, "stale", NOW.minusSeconds(600));
			HeartbeatFiles.writeRaw(this.dir, "heartbeat-x" + i + "-odd.json", "{}", NOW);
		}
		Scan scan = new HeartbeatScanner(this.dir, THRESHOLD, this.probe, this.clock, null,
				new ScanLimits(3 * perKind, perKind))
			.scan(ScanObserver.NONE);
		assertThat(scan.fresh()).isEqualTo(perKind);
		assertThat(scan.orphan()).isEqualTo(perKind);
		assertThat(scan.stale()).isEqualTo(perKind);
		assertThat(scan.skipped().items()).hasSize(perKind);
		assertThat(scan.entries()).hasSize(3 * perKind);
		assertThat(scan.entries()).allSatisfy((entry) -> assertThat(entry.uuid()).isEqualTo(switch (entry.status()) {
			case FRESH -> "fresh";
			case ORPHAN -> "orphan";
			case STALE -> "stale";
		}));
		assertThat(this.probe.checked()).hasSize(3 * perKind).doesNotHaveDuplicates();
	}

	@Test
	void eachVerdictSaysWhyForTheLog() {
		this.probe.startedAgo(100, Duration.ofSeconds(3600)).startedAgo(300, Duration.ofSeconds(5));
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW.minusSeconds(3600), NOW);
		HeartbeatFiles.write(this.dir, 100, "stale", NOW.minusSeconds(3600), NOW.minusSeconds(600));
		HeartbeatFiles.write(this.dir, 200, "dead", NOW.minusSeconds(7200), NOW);
		HeartbeatFiles.write(this.dir, 300, "reused", NOW.minusSeconds(7200), NOW.minusSeconds(20));
		assertThat(this.scanner.scan(ScanObserver.NONE).entries())
			.extracting(HeartbeatEntry::uuid, HeartbeatEntry::reason)
			.containsExactlyInAnyOrder(tuple("fresh", "pid 100 is running"),
					tuple("stale", "last refreshed at 2026-05-02T15:05:00Z"), tuple("dead", "pid 200 is not running"),
					tuple("reused", "pid 300 now belongs to a newer process"));
	}

	private HeartbeatStatus onlyStatus() {
		List<HeartbeatEntry> entries = this.scanner.scan(ScanObserver.NONE).entries();
		assertThat(entries).hasSize(1);
		return entries.get(0).status();
	}

}
