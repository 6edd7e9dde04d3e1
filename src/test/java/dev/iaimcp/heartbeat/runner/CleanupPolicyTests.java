package dev.iaimcp.heartbeat.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.scan.Cleanup;
import dev.iaimcp.heartbeat.scan.Deletion;
import dev.iaimcp.heartbeat.scan.FileStamp;
import dev.iaimcp.heartbeat.scan.HeartbeatEntry;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.scan.Scan;
import dev.iaimcp.heartbeat.scan.ScanLimits;
import dev.iaimcp.heartbeat.scan.ScanObserver;
import dev.iaimcp.heartbeat.scan.SkippedFile;
import dev.iaimcp.heartbeat.scan.StagingLeftover;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion policy on its own, with a bound of three heartbeats and two examples so
 * that "more than fits" takes a handful of files.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanupPolicyTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Duration THRESHOLD = Duration.ofSeconds(90);

	private static final ScanLimits SMALL = new ScanLimits(3, 2);

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final MutableClock clock = new MutableClock(NOW);

	private final AtomicLong monotonicNanos = new AtomicLong();

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private final CleanupPolicy policy = new CleanupPolicy(THRESHOLD, SMALL, this.clock,
			new SuspendGuard(this.clock, this.monotonicNanos::get, Duration.ofSeconds(30), THRESHOLD));

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void staleAndOrphanAreDeletedButNeverFresh() {
		this.probe.alive(100);
		Path fresh = HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		Path stale = HeartbeatFiles.write(this.dir, 100, "stale", NOW.minusSeconds(600));
		Path orphan = HeartbeatFiles.write(this.dir, 200, "orphan", NOW);
		Cleanup cleanup = cleanUp();
		assertThat(cleanup.deleted().items()).extracting(HeartbeatEntry::file).containsExactlyInAnyOrder(stale, orphan);
		assertThat(cleanup.kept().total()).isZero();
		assertThat(fresh).exists();
		assertThat(stale).doesNotExist();
		assertThat(orphan).doesNotExist();
	}

	@Test
	void everyFileIsCleanedNotOnlyTheOnesTheScanKeeps() {
		this.probe.alive(100);
		HeartbeatFiles.write(this.dir, 100, "fresh", NOW);
		for (int pid = 1000; pid < 1050; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", NOW.minusSeconds((pid % 2 == 0) ? 600 : 5));
		}
		CleanupPolicy.CleanupPass pass = this.policy.begin();
		Scan scan = scanner().scan(pass);
		Cleanup cleanup = pass.finish(scan);
		assertThat(scan.entries()).hasSize(3);
		assertThat(scan.entries().get(0).status()).isEqualTo(HeartbeatStatus.FRESH);
		assertThat(scan.omitted()).isEqualTo(48);
		assertThat(cleanup.deleted().total()).isEqualTo(50);
		assertThat(cleanup.deleted().counts()).containsEntry("STALE", 25).containsEntry("ORPHAN", 25);
		assertThat(cleanup.deleted().items()).hasSize(2);
		assertThat(filesIn(this.dir)).containsExactly("heartbeat-100-fresh.json");
	}

	@Test
	void abandonedStagingFilesAreDeleted() {
		Path leftover = HeartbeatFiles.writeRaw(this.dir, "heartbeat-100-u.json.9f8e.tmp", "{",
				NOW.minus(Duration.ofHours(1)));
		Cleanup cleanup = cleanUp();
		assertThat(cleanup.deletedLeftovers().items()).extracting(StagingLeftover::file).containsExactly(leftover);
		assertThat(leftover).doesNotExist();
	}

	@Test
	void fileAlreadyGoneCountsAsCleaned() {
		Path orphan = HeartbeatFiles.write(this.dir, 200, "orphan", NOW);
		Cleanup cleanup = cleanUp(scanner((pid) -> {
			delete(orphan);
			return ProcessLiveness.DEAD;
		}));
		assertThat(cleanup.deleted().total()).isEqualTo(1);
	}

	@Test
	void heartbeatRefreshedAfterItWasJudgedIsKept() {
		Path file = HeartbeatFiles.write(this.dir, 200, "u", NOW.minusSeconds(600));
		Cleanup cleanup = cleanUp(scanner((pid) -> {
			delete(file);
			HeartbeatFiles.write(this.dir, 200, "u", NOW);
			return ProcessLiveness.alive(null);
		}));
		assertThat(cleanup.deleted().total()).isZero();
		assertThat(cleanup.kept().items()).singleElement().isEqualTo(new SkippedFile(file, Deletion.CHANGED));
		assertThat(file).exists();
	}

	@Test
	void oneFileThatCannotBeDeletedDoesNotStopThePass() throws IOException {
		Path orphan = HeartbeatFiles.write(this.dir, 200, "orphan", NOW);
		Path stuck = Files.createDirectories(this.dir.resolve("heartbeat-300-stuck.json").resolve("content"))
			.getParent();
		HeartbeatEntry undeletable = new HeartbeatEntry(stuck, 300, "stuck", NOW.minusSeconds(600),
				HeartbeatStatus.STALE, false,
				FileStamp.of(Files.readAttributes(stuck, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
		CleanupPolicy.CleanupPass pass = this.policy.begin();
		pass.judged(undeletable);
		Cleanup cleanup = pass.finish(scanner().scan(pass));
		assertThat(cleanup.kept().items()).singleElement()
			.isEqualTo(new SkippedFile(stuck, "DirectoryNotEmptyException"));
		assertThat(cleanup.deleted().items()).extracting(HeartbeatEntry::file).containsExactly(orphan);
	}

	@Test
	void heldBackFilesAreKeptWithTheirReason() {
		this.probe.alive(100).alive(101);
		HeartbeatFiles.write(this.dir, 100, "a", NOW);
		HeartbeatFiles.write(this.dir, 101, "b", NOW);
		cleanUp();
		this.clock.advance(THRESHOLD.plusSeconds(1));
		Cleanup cleanup = cleanUp();
		assertThat(cleanup.kept().items()).extracting(SkippedFile::reason).containsOnly(CleanupPolicy.MASS_EXPIRY);
		assertThat(cleanup.kept().count(CleanupPolicy.MASS_EXPIRY)).isEqualTo(2);
	}

	@Test
	void aMassExpiryOfMoreHeartbeatsThanAnyBoundIsHeldWhole() {
		List<Path> files = new ArrayList<>();
		for (long pid = 100; pid < 110; pid++) {
			this.probe.alive(pid);
			files.add(HeartbeatFiles.write(this.dir, pid, "u", NOW));
		}
		cleanUp();
		this.clock.advance(THRESHOLD.plusSeconds(1));
		Cleanup expiry = cleanUp();
		this.clock.advance(Duration.ofMinutes(30));
		Cleanup later = cleanUp();
		assertThat(expiry.kept().total()).isEqualTo(10);
		assertThat(later.kept().count(CleanupPolicy.MASS_EXPIRY)).isEqualTo(10);
		assertThat(files).allSatisfy((file) -> assertThat(file).exists());
	}

	@Test
	void heartbeatsWrittenSinceTheLastDeletingScanThatExpireAreNoMassExpiry() {
		cleanUp();
		this.probe.alive(100).alive(101);
		HeartbeatFiles.write(this.dir, 100, "a", NOW.plusSeconds(1));
		HeartbeatFiles.write(this.dir, 101, "b", NOW.plusSeconds(1));
		this.clock.advance(THRESHOLD.plusSeconds(2));
		assertThat(cleanUp().deleted().total()).isEqualTo(2);
	}

	@Test
	void moreExpiriesAtOnceThanOnePassDecidesOnWaitForTheNextPass() {
		List<Path> expiring = new ArrayList<>();
		for (long pid = 100; pid < 110; pid++) {
			this.probe.alive(pid);
			Path file = HeartbeatFiles.write(this.dir, pid, "u", NOW);
			if (pid < 104) {
				expiring.add(file);
			}
		}
		cleanUp();
		this.clock.advance(THRESHOLD.plusSeconds(1));
		for (long pid = 104; pid < 110; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", this.clock.instant());
		}
		Cleanup first = cleanUp();
		assertThat(first.deleted().total()).isEqualTo(3);
		assertThat(first.kept().items()).extracting(SkippedFile::reason).containsExactly(CleanupPolicy.UNDECIDED);
		this.clock.advance(Duration.ofSeconds(30));
		for (long pid = 104; pid < 110; pid++) {
			HeartbeatFiles.write(this.dir, pid, "u", this.clock.instant());
		}
		assertThat(cleanUp().deleted().total()).isEqualTo(1);
		assertThat(expiring).allSatisfy((file) -> assertThat(file).doesNotExist());
	}

	@Test
	void aMassExpiryLastsUntilEachHeartbeatRefreshedOrItsProcessEnded(CapturedOutput output) {
		this.probe.alive(100).alive(101).alive(102);
		HeartbeatFiles.write(this.dir, 100, "u", NOW);
		HeartbeatFiles.write(this.dir, 101, "u", NOW);
		Path last = HeartbeatFiles.write(this.dir, 102, "u", NOW);
		cleanUp();
		this.clock.advance(THRESHOLD.plusSeconds(1));
		assertThat(cleanUp().kept().total()).isEqualTo(3);
		HeartbeatFiles.write(this.dir, 100, "u", this.clock.instant());
		this.probe.dies(101);
		Cleanup recovering = cleanUp();
		assertThat(recovering.deleted().items()).extracting(HeartbeatEntry::pid).containsExactly(101L);
		assertThat(recovering.kept().items()).singleElement()
			.isEqualTo(new SkippedFile(last, CleanupPolicy.MASS_EXPIRY));
		assertThat(output).doesNotContain("have all refreshed");
		this.probe.dies(102);
		assertThat(cleanUp().deleted().items()).extracting(HeartbeatEntry::pid).containsExactly(102L);
		assertThat(output).contains("have all refreshed or their processes ended; cleanup is back to normal");
	}

	@Test
	void filesHeldBackAfterTheMachineSleptAreKeptWithTheReason() {
		Path stale = HeartbeatFiles.write(this.dir, 200, "stale", NOW.minusSeconds(600));
		this.policy.tickEnded();
		this.clock.advance(Duration.ofMinutes(10));
		this.monotonicNanos.addAndGet(Duration.ofSeconds(30).toNanos());
		this.policy.tickStarting();
		Cleanup cleanup = cleanUp();
		assertThat(cleanup.deleted().total()).isZero();
		assertThat(cleanup.kept().items()).singleElement().satisfies((kept) -> {
			assertThat(kept.file()).isEqualTo(stale);
			assertThat(kept.reason()).startsWith("the machine slept, the service was stopped or the clock jumped; "
					+ "kept until " + this.clock.instant().plus(THRESHOLD));
		});
		assertThat(stale).exists();
	}

	@Test
	void stagingFileChangedSinceItWasJudgedIsKeptWithTheReason() throws IOException {
		Path leftover = HeartbeatFiles.writeRaw(this.dir, "heartbeat-300-u.json.9f8e.tmp", "{",
				NOW.minus(Duration.ofHours(1)));
		FileStamp judged = FileStamp
			.of(Files.readAttributes(leftover, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-300-u.json.9f8e.tmp", "{\"pid\"", NOW);
		CleanupPolicy.CleanupPass pass = this.policy.begin();
		pass.abandoned(new StagingLeftover(leftover, 300, NOW.minus(Duration.ofHours(1)), judged));
		Cleanup cleanup = pass.finish(scanner().scan(ScanObserver.NONE));
		assertThat(cleanup.kept().items()).singleElement().isEqualTo(new SkippedFile(leftover, Deletion.CHANGED));
		assertThat(leftover).exists();
	}

	private Cleanup cleanUp() {
		return cleanUp(scanner());
	}

	private Cleanup cleanUp(HeartbeatScanner scanner) {
		CleanupPolicy.CleanupPass pass = this.policy.begin();
		return pass.finish(scanner.scan(pass));
	}

	private HeartbeatScanner scanner() {
		return scanner(this.probe);
	}

	private HeartbeatScanner scanner(ProcessProbe probe) {
		return new HeartbeatScanner(this.dir, THRESHOLD, probe, this.clock, null, SMALL);
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> filesIn(Path dir) {
		try (var files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
