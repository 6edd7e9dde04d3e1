package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both ways of watching, on real directories: what a wrapper does is seen within a
 * second, and the watch follows the configured path whatever happens to the directory
 * there.
 */
class DirectoryWatchTests {

	static final Duration MIN_SPACING = WrappersWatch.MIN_SPACING;

	static final Duration MAX_SPACING = WrappersWatch.MAX_SPACING;

	static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

	/** Far below any tick, and room for a loaded machine: proves the watch saw it. */
	private static final Duration PATIENCE = Duration.ofSeconds(2);

	@TempDir
	Path root;

	/** What the directory held at each call back, as a rescan would have found it. */
	private final List<Report> reports = new CopyOnWriteArrayList<>();

	private final List<IOException> lost = new CopyOnWriteArrayList<>();

	private DirectoryWatch watch;

	@AfterEach
	void stopWatching() {
		if (this.watch != null) {
			this.watch.stop();
		}
		assertThat(this.lost).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void newHeartbeatIsSeenWithinASecond(Kind kind) throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(kind, dir);
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int reportsBefore = this.reports.size();
			long writtenAt = System.nanoTime();
			Path file = HeartbeatFiles.write(dir, 100 + i, "u" + i, Instant.now());
			awaitReportContaining(file);
			latencies.add((firstReportContaining(file, reportsBefore).atNanos() - writtenAt) / 1_000_000);
			Thread.sleep(300);
		}
		System.out.printf("%s watch: new heartbeat seen after %s ms%n", kind, latencies);
		assertThat(latencies).allSatisfy((millis) -> assertThat(millis).isLessThan(WITHIN_A_SECOND.toMillis()));
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void refreshedAndVanishedHeartbeatsAreSeen(Kind kind) throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		Path file = HeartbeatFiles.write(dir, 100, "u", Instant.now());
		start(kind, dir);
		Thread.sleep(300);
		HeartbeatFiles.write(dir, 100, "u", Instant.now());
		await().atMost(PATIENCE).until(() -> !this.reports.isEmpty());
		Files.delete(file);
		await().atMost(PATIENCE).until(() -> lastReport().names().isEmpty());
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void directoryMovedAwayAndMadeAgainIsFollowed(Kind kind) throws Exception {
		Path dir = Files.createDirectories(this.root.resolve("store/wrappers"));
		start(kind, dir);
		Files.move(dir, this.root.resolve("store/wrappers.old"));
		Files.createDirectory(dir);
		assertWritesAreSeen(dir);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void storeMovedAwayAndMadeAgainIsFollowed(Kind kind) throws Exception {
		Path dir = Files.createDirectories(this.root.resolve("store/wrappers"));
		start(kind, dir);
		Files.move(this.root.resolve("store"), this.root.resolve("store.old"));
		Files.createDirectories(dir);
		assertWritesAreSeen(dir);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void repointedLinkIsFollowed(Kind kind) throws Exception {
		Path first = Files.createDirectories(this.root.resolve("first"));
		Path second = Files.createDirectories(this.root.resolve("second"));
		Path link = Files.createSymbolicLink(Files.createDirectory(this.root.resolve("store")).resolve("wrappers"),
				first);
		start(kind, link);
		Files.delete(link);
		Files.createSymbolicLink(link, second);
		assertWritesAreSeen(link);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void writeRightAfterTheDirectoryIsRemovedAndMadeAgainIsSeen(Kind kind) throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(kind, dir);
		for (int i = 0; i < 3; i++) {
			HeartbeatFiles.write(dir, 100, "before" + i, Instant.now());
			Thread.sleep(100);
			deleteRecursively(dir);
			Files.createDirectory(dir);
			Path file = HeartbeatFiles.write(dir, 200, "after" + i, Instant.now());
			awaitReportContaining(file);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void directoryMadeLaterIsWatchedOnceItAppears(Kind kind) throws Exception {
		Path dir = this.root.resolve("store/wrappers");
		start(kind, dir);
		Files.createDirectories(dir);
		assertWritesAreSeen(dir);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void fileWhereAnAncestorShouldBeIsWaitedOut(Kind kind) throws Exception {
		Path blocker = Files.writeString(this.root.resolve("store"), "a file where a directory should be");
		Path dir = blocker.resolve("wrappers");
		start(kind, dir);
		Files.delete(blocker);
		Files.createDirectories(dir);
		assertWritesAreSeen(dir);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void unrelatedFilesBesideTheMissingDirectoryAreNotReported(Kind kind) throws Exception {
		Path store = Files.createDirectory(this.root.resolve("store"));
		start(kind, store.resolve("wrappers"));
		Thread.sleep(300);
		Files.writeString(store.resolve("heartbeat-scanner-state.json"), "{}");
		await().during(Duration.ofMillis(700)).until(this.reports::isEmpty);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void burstOfAThousandWritesIsReportedOnlyAHandfulOfTimes(Kind kind) throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(kind, dir);
		for (int i = 0; i < 1000; i++) {
			HeartbeatFiles.write(dir, i + 1, "u" + i, Instant.now());
		}
		await().atMost(Duration.ofSeconds(3)).until(() -> !this.reports.isEmpty());
		Thread.sleep(2500);
		assertThat(this.reports).hasSizeBetween(1, 6);
	}

	@Test
	void heartbeatStagedAndRenamedIntoPlaceIsReportedOnceWithIt() throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(Kind.NATIVE, dir);
		Path file = dir.resolve("heartbeat-100-u.json");
		Path staged = dir.resolve(file.getFileName() + ".1b2c.tmp");
		Files.writeString(staged, "{}");
		Thread.sleep(300);
		assertThat(this.reports).as("the staging file alone changes no scan").isEmpty();
		Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
		awaitReportContaining(file);
		Thread.sleep(300);
		assertThat(this.reports).hasSize(1);
	}

	@Test
	void changesWhileARescanRunsCostExactlyOneMore() throws Exception {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		CountDownLatch rescanning = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		start(Kind.NATIVE, dir, () -> {
			rescanning.countDown();
			awaitQuietly(release);
			this.reports.add(new Report(System.nanoTime(), list(dir)));
		});
		HeartbeatFiles.write(dir, 1, "first", Instant.now());
		assertThat(rescanning.await(2, TimeUnit.SECONDS)).isTrue();
		for (int i = 2; i <= 21; i++) {
			HeartbeatFiles.write(dir, i, "u" + i, Instant.now());
		}
		release.countDown();
		await().atMost(PATIENCE).until(() -> this.reports.size() == 2);
		Thread.sleep(2 * MAX_SPACING.toMillis());
		assertThat(this.reports).hasSize(2);
		assertThat(lastReport().names()).hasSize(21);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void stopEndsTheWatchingThread(Kind kind) throws Exception {
		Set<Thread> others = watchingThreads();
		start(kind, Files.createDirectory(this.root.resolve("wrappers")));
		Set<Thread> watching = watchingThreads();
		watching.removeAll(others);
		assertThat(watching).isNotEmpty();
		this.watch.stop();
		assertThat(watching).noneMatch(Thread::isAlive);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void stopLetsARunningRescanFinishUninterrupted(Kind kind) throws Exception {
		// A rescan reads files through interruptible channels: an interrupt would break
		// them.
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		CountDownLatch rescanning = new CountDownLatch(1);
		List<Boolean> finishedUninterrupted = new CopyOnWriteArrayList<>();
		start(kind, dir, () -> {
			rescanning.countDown();
			try {
				Thread.sleep(500);
				finishedUninterrupted.add(true);
			}
			catch (InterruptedException ex) {
				finishedUninterrupted.add(false);
			}
		});
		HeartbeatFiles.write(dir, 100, "u", Instant.now());
		assertThat(rescanning.await(2, TimeUnit.SECONDS)).isTrue();
		this.watch.stop();
		assertThat(finishedUninterrupted).containsExactly(true);
	}

	private void start(Kind kind, Path dir) throws IOException {
		start(kind, dir, () -> this.reports.add(new Report(System.nanoTime(), list(dir))));
	}

	private void start(Kind kind, Path dir, Runnable onChange) throws IOException {
		this.watch = switch (kind) {
			case NATIVE -> new NativeDirectoryWatch(dir, MIN_SPACING, MAX_SPACING,
					(name) -> HeartbeatScanner.reads(name.toString()), Duration.ofSeconds(30), onChange, this.lost::add,
					WatchServices.SYSTEM);
			case POLL -> new PollingDirectoryWatch(dir, POLL_INTERVAL, onChange, Clock.systemUTC());
		};
		this.watch.start();
	}

	/** Three writes in a row, each seen by a report within a second. */
	private void assertWritesAreSeen(Path dir) {
		for (int i = 0; i < 3; i++) {
			awaitReportContaining(HeartbeatFiles.write(dir, 300 + i, "seen" + i, Instant.now()));
		}
	}

	private void awaitReportContaining(Path file) {
		String name = file.getFileName().toString();
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.reports.stream().anyMatch((report) -> report.names().contains(name)));
	}

	private Report firstReportContaining(Path file, int from) {
		String name = file.getFileName().toString();
		return this.reports.subList(from, this.reports.size())
			.stream()
			.filter((report) -> report.names().contains(name))
			.findFirst()
			.orElseThrow();
	}

	private Report lastReport() {
		return this.reports.isEmpty() ? new Report(0, Set.of("none yet")) : this.reports.get(this.reports.size() - 1);
	}

	private static Set<String> list(Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString()).collect(Collectors.toSet());
		}
		catch (IOException ex) {
			return Set.of();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Set<Thread> watchingThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("heartbeat-watch"))
			.collect(Collectors.toSet());
	}

	static void deleteRecursively(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(dir);
	}

	enum Kind {

		NATIVE, POLL

	}

	record Report(long atNanos, Set<String> names) {

	}

}
