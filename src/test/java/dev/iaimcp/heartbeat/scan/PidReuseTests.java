package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;
import dev.iaimcp.heartbeat.testsupport.ReusedPids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A live pid only vouches for a heartbeat if its process is the one that wrote it.
 */
class PidReuseTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Instant WRITER_START = NOW.minusSeconds(3600);

	private static final Instant LAST_REFRESH = NOW.minusSeconds(20);

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private final MutableClock clock = new MutableClock(NOW);

	private final HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), this.probe,
			this.clock, null);

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void processStartedAfterTheLastRefreshIsNotTheWriter() {
		this.probe.startedAgo(100, Duration.ofSeconds(15));
		assertThat(judge(WRITER_START, LAST_REFRESH)).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void processStartedWithinClockResolutionOfTheLastRefreshIsGivenTheBenefitOfTheDoubt() {
		this.probe.startedAgo(100, Duration.ofSeconds(19));
		assertThat(judge(WRITER_START, LAST_REFRESH)).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void processStartedBeforeTheWriterRecordedItsStartIsTheWriter() {
		this.probe.startedAgo(100, Duration.ofMillis(3600_400));
		assertThat(judge(WRITER_START, LAST_REFRESH)).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void unknownProcessStartTimeGivesTheBenefitOfTheDoubt() {
		this.probe.alive(100);
		assertThat(judge(WRITER_START, LAST_REFRESH)).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void reuseOfThePidOfAWriterThatLivedShorterThanTheNewProcessRanIsLeftToStaleness() {
		this.probe.startedAgo(100, Duration.ofSeconds(15));
		assertThat(judge(LAST_REFRESH.minusSeconds(10), LAST_REFRESH)).isEqualTo(HeartbeatStatus.FRESH);
		this.clock.advance(Duration.ofSeconds(71));
		this.probe.elapse(Duration.ofSeconds(71));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void writerSeenAliveIsOrphanOnceItsPidNamesAnotherProcessHoweverLongThatOneHasRun() {
		this.probe.startedAgo(100, Duration.ofSeconds(30));
		assertThat(judge(LAST_REFRESH.minusSeconds(10), LAST_REFRESH)).isEqualTo(HeartbeatStatus.FRESH);
		this.probe.dies(100).startedAgo(100, Duration.ofSeconds(15));
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void heartbeatsOfTwoWritersThatHeldTheSamePidAreJudgedApart() {
		this.probe.startedAgo(100, Duration.ofSeconds(3600));
		HeartbeatFiles.write(this.dir, 100, "crashed", WRITER_START, LAST_REFRESH);
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.FRESH));
		this.probe.dies(100).startedAgo(100, Duration.ofSeconds(3));
		HeartbeatFiles.write(this.dir, 100, "newcomer", NOW.minusSeconds(2), NOW);
		assertThat(this.scanner.scan(ScanObserver.NONE).entries())
			.extracting(HeartbeatEntry::uuid, HeartbeatEntry::status)
			.containsExactlyInAnyOrder(tuple("crashed", HeartbeatStatus.ORPHAN),
					tuple("newcomer", HeartbeatStatus.FRESH));
	}

	@Test
	void writerWhoseFileWasGoneForAScanIsJudgedAsIfNeverSeen() {
		this.probe.startedAgo(100, Duration.ofSeconds(30));
		Path file = HeartbeatFiles.write(this.dir, 100, "u", LAST_REFRESH.minusSeconds(10), LAST_REFRESH);
		assertThat(onlyStatus()).isEqualTo(HeartbeatStatus.FRESH);
		delete(file);
		assertThat(this.scanner.scan(ScanObserver.NONE).entries()).isEmpty();
		this.probe.dies(100).startedAgo(100, Duration.ofSeconds(15));
		HeartbeatFiles.write(this.dir, 100, "u", LAST_REFRESH.minusSeconds(10), LAST_REFRESH);
		assertThat(onlyStatus()).as("the stateless rule cannot tell, the forgotten sighting could have")
			.isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void realProcessStartedAfterTheHeartbeatsLastRefreshIsOrphan(@TempDir Path realDir) throws Exception {
		Instant lastRefresh = Instant.now().minusSeconds(30);
		Process newcomer = new ProcessBuilder("sleep", "60").start();
		try {
			HeartbeatFiles.write(realDir, newcomer.pid(), "u", lastRefresh.minusSeconds(600), lastRefresh);
			HeartbeatScanner scanner = new HeartbeatScanner(realDir, Duration.ofSeconds(90), ProcessProbe.system(),
					Clock.systemUTC(), FileOwners.currentUid(FileSystems.getDefault()));
			assertThat(scanner.scan(ScanObserver.NONE).entries()).singleElement().satisfies((entry) -> {
				assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN);
				assertThat(entry.processAlive()).isTrue();
			});
		}
		finally {
			newcomer.destroyForcibly();
		}
	}

	@Test
	void realPidReusedAfterItsWrapperWasSeenIsOrphan(@TempDir Path realDir) throws Exception {
		Process wrapper = new ProcessBuilder("sleep", "60").start();
		// Starts are counted in 10 ms ticks: the newcomer must not start within the
		// wrapper's.
		Thread.sleep(100);
		Instant refreshedAtStart = Instant.now();
		HeartbeatFiles.write(realDir, wrapper.pid(), "u", refreshedAtStart, refreshedAtStart);
		HeartbeatScanner scanner = new HeartbeatScanner(realDir, Duration.ofSeconds(90), ProcessProbe.system(),
				Clock.systemUTC(), FileOwners.currentUid(FileSystems.getDefault()));
		assertThat(scanner.scan(ScanObserver.NONE).entries().get(0).status()).isEqualTo(HeartbeatStatus.FRESH);
		wrapper.destroyForcibly().waitFor();
		Process newcomer = ReusedPids.sleepOn(wrapper.pid());
		try {
			assertThat(scanner.scan(ScanObserver.NONE).entries().get(0).status())
				.as("the newcomer has run longer than the wrapper had when it refreshed: only the sighting tells")
				.isEqualTo(HeartbeatStatus.ORPHAN);
		}
		finally {
			newcomer.destroyForcibly();
		}
	}

	private HeartbeatStatus judge(Instant writerStart, Instant lastRefresh) {
		HeartbeatFiles.write(this.dir, 100, "u", writerStart, lastRefresh);
		return onlyStatus();
	}

	private HeartbeatStatus onlyStatus() {
		return this.scanner.scan(ScanObserver.NONE).entries().get(0).status();
	}

	private static void delete(Path file) {
		try {
			Files.delete(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
