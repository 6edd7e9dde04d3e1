package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.TestSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * How the service watches in each mode, and that a watch the system refuses (inotify's
 * limits reached, say) is never given up on.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrappersWatchTests {

	private static final String INOTIFY_LIMIT = "User limit of inotify instances reached or too many open files";

	@TempDir
	Path store;

	private final AtomicInteger rescans = new AtomicInteger();

	private final AtomicInteger refusals = new AtomicInteger();

	private WrappersWatch watch;

	@AfterEach
	void stopWatching() {
		if (this.watch != null) {
			this.watch.stop();
		}
	}

	@ParameterizedTest
	@CsvSource({ "auto, inotify", "on, inotify", "native, inotify", "inotify, inotify", "poll, poll",
			"off, tick only: iai.heartbeat.watch is off" })
	void eachModeSaysHowChangesAreSeen(String mode, String status) throws IOException {
		start(WatchMode.valueOf(mode.toUpperCase()), WatchServices.SYSTEM);
		assertThat(this.watch.status()).isEqualTo(status);
	}

	@ParameterizedTest
	@CsvSource({ "auto", "on", "native", "poll" })
	void eachWatchingModeRescansSoonAfterAWrite(String mode) throws IOException {
		Path wrappers = start(WatchMode.valueOf(mode.toUpperCase()), WatchServices.SYSTEM);
		HeartbeatFiles.write(wrappers, 100, "u", Instant.now());
		await().atMost(Duration.ofSeconds(2)).until(() -> this.rescans.get() > 0);
	}

	@Test
	void nativeWatchRefusedAtStartUpIsRetriedWithBackoffAndSeesChangesOnceItIsBack(CapturedOutput output)
			throws IOException {
		Path wrappers = start(WatchMode.NATIVE, refusingTimes(2));
		assertThat(this.watch.status()).isEqualTo("tick only: java.io.IOException: " + INOTIFY_LIMIT + "; retrying");
		assertThat(output).contains("changes are seen on the tick only until a retry succeeds");
		// Retried after 1 s and 2 s more: back within about 3 s, not at a restart.
		await().atMost(Duration.ofSeconds(6)).until(() -> this.watch.status().equals("inotify"));
		assertThat(this.refusals).hasValue(2);
		assertThat(output).contains("Watching " + wrappers + " with inotify again");
		int rescansBefore = this.rescans.get();
		HeartbeatFiles.write(wrappers, 100, "u", Instant.now());
		await().atMost(Duration.ofSeconds(2)).until(() -> this.rescans.get() > rescansBefore);
	}

	@Test
	void inAutoARefusedNativeWatchIsReplacedByPollingUntilItIsBack() throws IOException {
		Path wrappers = start(WatchMode.AUTO, refusingTimes(2));
		assertThat(this.watch.status())
			.isEqualTo("poll (java.io.IOException: " + INOTIFY_LIMIT + "; retrying the native watch)");
		HeartbeatFiles.write(wrappers, 100, "while-polling", Instant.now());
		await().atMost(Duration.ofSeconds(2)).until(() -> this.rescans.get() > 0);
		await().atMost(Duration.ofSeconds(6)).until(() -> this.watch.status().equals("inotify"));
		assertThat(pollingThreads()).as("the poll stops once the native watch is back").isZero();
	}

	@Test
	void backoffDoublesUpToHalfAMinute() throws IOException {
		start(WatchMode.NATIVE, refusingTimes(Integer.MAX_VALUE));
		await().pollDelay(Duration.ofMillis(7500)).atMost(Duration.ofSeconds(9)).until(() -> true);
		assertThat(this.refusals).as("tried at start, then after 1, 2 and 4 s").hasValue(4);
		assertThat(WrappersWatch.LAST_RETRY).isEqualTo(Duration.ofSeconds(32));
	}

	@Test
	void withWatchOnARefusedWatchStopsStartUpNamingTheReason() throws IOException {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		this.watch = new WrappersWatch(properties(wrappers, WatchMode.ON), this.rescans::incrementAndGet,
				Clock.systemUTC(), refusingTimes(1));
		assertThatIllegalStateException().isThrownBy(this.watch::start)
			.withMessage("iai.heartbeat.watch is 'on' but " + wrappers + " cannot be watched: java.io.IOException: "
					+ INOTIFY_LIMIT);
	}

	@Test
	void stopEndsRetrying() throws Exception {
		// Threads of watches other tests in this JVM left running (a cached context's)
		// are not this test's.
		Set<Thread> others = DirectoryWatchTests.watchingThreads();
		start(WatchMode.NATIVE, refusingTimes(Integer.MAX_VALUE));
		this.watch.stop();
		int refusalsAtStop = this.refusals.get();
		await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(this.refusals).hasValue(refusalsAtStop);
		assertThat(DirectoryWatchTests.watchingThreads()).isSubsetOf(others);
	}

	private Path start(WatchMode mode, WatchServices watchServices) throws IOException {
		Path wrappers = Files.createDirectories(this.store.resolve("wrappers"));
		this.watch = new WrappersWatch(properties(wrappers, mode), this.rescans::incrementAndGet, Clock.systemUTC(),
				watchServices);
		this.watch.start();
		return wrappers;
	}

	/**
	 * The system's watch service, refused the first times as when inotify's limits are
	 * reached.
	 */
	private WatchServices refusingTimes(int times) {
		return (fileSystem) -> {
			if (this.refusals.get() < times) {
				this.refusals.incrementAndGet();
				throw new IOException(INOTIFY_LIMIT);
			}
			return WatchServices.SYSTEM.open(fileSystem);
		};
	}

	private static long pollingThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("heartbeat-watch-poll"))
			.count();
	}

	private static HeartbeatProperties properties(Path wrappers, WatchMode mode) {
		return TestSettings.of(wrappers).watch(mode).build();
	}

}
