package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ScanCoalescingTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(NOW);

	private final Path dir = this.fixture.dir();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
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
		ScanRunner runner = ScanRunners
			.create(this.fixture.settings((settings) -> settings.cleanupEnabled(false)).probedBy(probe));

		Thread first = new Thread(() -> runner.scanNow(false));
		first.start();
		awaitLatch(firstScanEntered);
		List<Thread> waiting = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Thread request = new Thread(() -> runner.scanNow(false));
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
