package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.scan.DeleteWhatIsOffered;
import dev.iaimcp.heartbeat.scan.FakeProcessProbe;
import dev.iaimcp.heartbeat.scan.HeartbeatFiles;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class DirectoryWatcherTests {

	private static final Duration QUIET_PERIOD = Duration.ofMillis(250);

	private static final Duration MAX_DELAY = Duration.ofSeconds(1);

	@TempDir
	Path root;

	private final List<Long> reportedAtNanos = new CopyOnWriteArrayList<>();

	private DirectoryWatcher watcher;

	@AfterEach
	void stopWatcher() throws Exception {
		if (this.watcher != null) {
			this.watcher.stop();
		}
	}

	@Test
	void changeIsReportedOnceAQuarterSecondAfterTheLastEvent() throws IOException {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(dir);
		long writtenAt = System.nanoTime();
		HeartbeatFiles.write(dir, 100, "u", Instant.now());
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 1);
		long latency = this.reportedAtNanos.get(0) - writtenAt;
		assertThat(Duration.ofNanos(latency)).isBetween(QUIET_PERIOD, Duration.ofSeconds(1));
		await().during(Duration.ofMillis(400)).until(() -> this.reportedAtNanos.size() == 1);
	}

	@Test
	void burstOfAThousandEventsIsReportedOnlyAHandfulOfTimes() throws IOException {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(dir);
		for (int i = 0; i < 1000; i++) {
			HeartbeatFiles.write(dir, i + 1, "u" + i, Instant.now());
		}
		await().atMost(Duration.ofSeconds(3)).until(() -> !this.reportedAtNanos.isEmpty());
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(this.reportedAtNanos).hasSizeBetween(1, 5);
	}

	@Test
	void rescanThatCleansUpIsWokenOnceMoreAndThenStaysQuiet() throws IOException {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		HeartbeatScanner scanner = new HeartbeatScanner(dir, Duration.ofSeconds(90), new FakeProcessProbe(),
				Clock.systemUTC(), null);
		this.watcher = new DirectoryWatcher(dir, QUIET_PERIOD, MAX_DELAY, () -> {
			this.reportedAtNanos.add(System.nanoTime());
			scanner.scan(new DeleteWhatIsOffered());
		});
		this.watcher.start();
		for (int i = 0; i < 20; i++) {
			HeartbeatFiles.write(dir, i + 1, "orphan" + i, Instant.now());
		}
		await().atMost(Duration.ofSeconds(3)).until(() -> isEmpty(dir));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(this.reportedAtNanos).hasSizeBetween(2, 3);
	}

	@Test
	void directoryCreatedLaterIsWatchedOnceItAppears() throws IOException {
		Path dir = this.root.resolve("store/wrappers");
		start(dir);
		Files.createDirectories(dir);
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 1);
		HeartbeatFiles.write(dir, 100, "u", Instant.now());
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 2);
	}

	@Test
	void unrelatedFilesBesideTheMissingDirectoryAreNotReported() throws IOException {
		Path store = Files.createDirectory(this.root.resolve("store"));
		start(store.resolve("wrappers"));
		Files.writeString(store.resolve("heartbeat-scanner-state.json"), "{}");
		await().during(Duration.ofMillis(500)).until(this.reportedAtNanos::isEmpty);
	}

	@Test
	void deletedDirectoryIsReportedAndWatchedAgainWhenRecreated() throws IOException {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(dir);
		Files.delete(dir);
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 1);
		Files.createDirectory(dir);
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 2);
		HeartbeatFiles.write(dir, 100, "u", Instant.now());
		await().atMost(Duration.ofSeconds(1)).until(() -> this.reportedAtNanos.size() == 3);
	}

	@Test
	void idleWatcherUsesNoCpu() throws IOException {
		Path dir = Files.createDirectory(this.root.resolve("wrappers"));
		start(dir);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long threadId = watchingThread().getId();
		long before = threads.getThreadCpuTime(threadId);
		await().pollDelay(Duration.ofMillis(500)).until(() -> true);
		assertThat(watchingThread().getState()).isEqualTo(Thread.State.WAITING);
		assertThat(Duration.ofNanos(threads.getThreadCpuTime(threadId) - before)).isLessThan(Duration.ofMillis(1));
	}

	@Test
	void stopEndsTheWatchingThread() throws Exception {
		start(Files.createDirectory(this.root.resolve("wrappers")));
		Thread thread = watchingThread();
		this.watcher.stop();
		assertThat(thread.isAlive()).isFalse();
	}

	@Test
	void startFailsWhenTheDirectoryCanNeverAppear() throws IOException {
		Path blocker = Files.writeString(this.root.resolve("store"), "a file where a directory should be");
		this.watcher = new DirectoryWatcher(blocker.resolve("wrappers"), QUIET_PERIOD, MAX_DELAY, () -> {
		});
		assertThatExceptionOfType(NotDirectoryException.class).isThrownBy(this.watcher::start);
		this.watcher = null;
	}

	private void start(Path dir) throws IOException {
		this.watcher = new DirectoryWatcher(dir, QUIET_PERIOD, MAX_DELAY,
				() -> this.reportedAtNanos.add(System.nanoTime()));
		this.watcher.start();
	}

	private static Thread watchingThread() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("heartbeat-watch"))
			.findFirst()
			.orElseThrow();
	}

	private static boolean isEmpty(Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			return files.findAny().isEmpty();
		}
	}

}
