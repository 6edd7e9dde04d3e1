package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.scan.HeartbeatFiles;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.scan.MutableClock;
import dev.iaimcp.heartbeat.scan.ProcessLiveness;
import dev.iaimcp.heartbeat.scan.ProcessProbe;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;
import dev.iaimcp.heartbeat.settings.WatchMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ScanCoalescingTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void requestsArrivingDuringAScanShareTheNextScanInsteadOfQueueingOneEach() throws Exception {
		HeartbeatFiles.write(this.dir, 100, "u", NOW);
		CountDownLatch firstScanEntered = new CountDownLatch(1);
		CountDownLatch releaseFirstScan = new CountDownLatch(1);
		AtomicInteger scans = new AtomicInteger();
		ProcessProbe probe = (pid) -> {
			if (scans.incrementAndGet() == 1) {
				firstScanEntered.countDown();
				awaitLatch(releaseFirstScan);
			}
			return ProcessLiveness.alive(null);
		};
		MutableClock clock = new MutableClock(NOW);
		HeartbeatProperties properties = new HeartbeatProperties(Path.of("/wrappers"), 90, 30, 1800, false, 300L,
				WatchMode.OFF);
		PresenceMonitor monitor = PresenceMonitors.create(
				new HeartbeatScanner(this.dir, properties.staleThreshold(), probe, clock, null), properties, clock,
				new LatestPresence(clock.instant()));

		Thread first = new Thread(() -> monitor.scanNow(false));
		first.start();
		awaitLatch(firstScanEntered);
		List<Thread> waiting = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Thread request = new Thread(() -> monitor.scanNow(false));
			request.start();
			waiting.add(request);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiting.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		releaseFirstScan.countDown();
		first.join(10_000);
		for (Thread request : waiting) {
			request.join(10_000);
		}
		assertThat(scans).hasValue(2);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
