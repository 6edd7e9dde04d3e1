package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan counts and hands on every file but keeps only a bounded number, whatever the
 * directory holds; here the bound is three heartbeats and two examples.
 */
class StreamingScanTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final ScanLimits SMALL = new ScanLimits(3, 2);

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private final HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), this.probe,
			new MutableClock(NOW), null, SMALL);

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void everyHeartbeatIsCountedAndFreshOnesAreKeptFirst() {
		for (int pid = 1; pid <= 8; pid++) {
			HeartbeatFiles.write(this.dir, pid, "orphan", NOW);
		}
		HeartbeatFiles.write(this.dir, 100, "stale", NOW.minusSeconds(600));
		this.probe.alive(200).alive(201);
		HeartbeatFiles.write(this.dir, 200, "fresh", NOW);
		HeartbeatFiles.write(this.dir, 201, "fresh", NOW);
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.fresh()).isEqualTo(2);
		assertThat(scan.orphan()).isEqualTo(8);
		assertThat(scan.stale()).isEqualTo(1);
		assertThat(scan.entries()).extracting(HeartbeatEntry::status)
			.containsExactly(HeartbeatStatus.FRESH, HeartbeatStatus.FRESH, HeartbeatStatus.ORPHAN);
		assertThat(scan.omitted()).isEqualTo(8);
	}

	@Test
	void theObserverIsToldAboutEveryHeartbeatAndLeftover() {
		for (int pid = 1; pid <= 10; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", NOW);
			HeartbeatFiles.writeRaw(this.dir, "heartbeat-" + pid + "-u.json.1a2b.tmp", "{", NOW.minusSeconds(3600));
		}
		Recorder recorder = new Recorder();
		this.scanner.scan(recorder);
		assertThat(recorder.judged).hasSize(10).doesNotHaveDuplicates();
		assertThat(recorder.abandoned).hasSize(10);
	}

	@Test
	void skippedFilesAreCountedByReasonAndAFewNamed() throws IOException {
		Files.createDirectories(this.dir);
		for (int i = 0; i < 5; i++) {
			Files.createSymbolicLink(this.dir.resolve("heartbeat-" + i + "-link.json"), this.dir.resolve("x"));
			HeartbeatFiles.writeRaw(this.dir, "heartbeat-x" + i + "-u.json", "{}", NOW);
		}
		Sample<SkippedFile> skipped = this.scanner.scan(ScanObserver.NONE).skipped();
		assertThat(skipped.items()).hasSize(2);
		assertThat(skipped.counts()).containsOnly(entry("symbolic link", 5),
				entry("name is not heartbeat-<pid>-<uuid>.json", 5));
		assertThat(skipped.total()).isEqualTo(10);
	}

	@Test
	void aDirectoryOfManyBatchesIsJudgedWholeOnEveryCore() {
		int files = 2 * HeartbeatScanner.PARALLEL_FROM + 501;
		for (int pid = 1; pid <= files; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", NOW.minusSeconds((pid % 3 == 0) ? 600 : 0));
		}
		this.probe.alive(files);
		Recorder recorder = new Recorder();
		Scan scan = this.scanner.scan(recorder);
		assertThat(recorder.judged).hasSize(files).doesNotHaveDuplicates();
		assertThat(scan.fresh() + scan.stale() + scan.orphan()).isEqualTo(files);
		assertThat(scan.stale()).isEqualTo(files / 3);
		assertThat(scan.fresh()).isEqualTo(1);
		assertThat(scan.entries()).hasSize(3).first().extracting(HeartbeatEntry::pid).isEqualTo((long) files);
	}

	@Test
	void filesDatedAheadBeyondWhatTheScannerRemembersAreStaleAtOnce() {
		Instant ahead = NOW.plus(Duration.ofDays(1));
		for (int pid = 1; pid <= 5; pid++) {
			this.probe.alive(pid);
			HeartbeatFiles.write(this.dir, pid, "u", ahead);
		}
		Scan first = this.scanner.scan(ScanObserver.NONE);
		Scan second = this.scanner.scan(ScanObserver.NONE);
		assertThat(first.fresh()).isEqualTo(3);
		assertThat(first.stale()).isEqualTo(2);
		assertThat(second.fresh()).isEqualTo(3);
		assertThat(second.stale()).isEqualTo(2);
	}

	private static java.util.Map.Entry<String, Integer> entry(String kind, int count) {
		return java.util.Map.entry(kind, count);
	}

	private static final class Recorder implements ScanObserver {

		private final List<Path> judged = new ArrayList<>();

		private final List<Path> abandoned = new ArrayList<>();

		@Override
		public void judged(HeartbeatEntry entry) {
			this.judged.add(entry.file());
		}

		@Override
		public void abandoned(StagingLeftover leftover) {
			this.abandoned.add(leftover.file());
		}

	}

}
