package dev.iaimcp.heartbeat.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceConfiguration;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.runner.ScanRunners;
import dev.iaimcp.heartbeat.runner.ScannerConfiguration;
import dev.iaimcp.heartbeat.runner.Tick;
import dev.iaimcp.heartbeat.runner.TickScheduling;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wrapper that crashes leaves its file and wakes no directory watch; its death must
 * show long before the next tick.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrapperExitWatchTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	@TempDir
	Path store;

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final LatestPresence latest = this.fixture.latest();

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ScannerConfiguration.class, TickScheduling.class, PresenceConfiguration.class,
				ScanRunner.class, Tick.class, WatchConfiguration.class, WrapperExitWatch.class)
		.withPropertyValues("iai.heartbeat.tick-interval-sec=3600");

	@Test
	void sigkilledLoneWrapperIsSeenGoneWithinAboutTwoSeconds() throws Exception {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		Process wrapper = new ProcessBuilder("sleep", "60").start();
		try {
			this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers).run((context) -> {
				LatestPresence latest = context.getBean(LatestPresence.class);
				HeartbeatFiles.write(wrappers, wrapper.pid(), "u", Instant.now(), Instant.now());
				await().atMost(Duration.ofSeconds(5)).until(() -> latest.snapshot().fresh() == 1);
				wrapper.destroyForcibly().waitFor();
				long killedAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(3)).until(() -> latest.snapshot().fresh() == 0);
				System.out.printf("crash seen after %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
				assertThat(latest.snapshot().entries()).singleElement()
					.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN));
				assertThat(latest.snapshot().cleanup()).as("cleanup stays on the tick").isNull();
			});
		}
		finally {
			wrapper.destroyForcibly();
		}
	}

	@Test
	void rescansOnlyWhenAFreshWrappersProcessHasEnded() {
		FakeProcessProbe probe = this.fixture.probe().startedAgo(100, Duration.ofMinutes(5));
		ScanRunner runner = jimfsRunner();
		HeartbeatFiles.write(this.fixture.dir(), 100, "crashes", START.minusSeconds(5));
		WrapperExitWatch watch = new WrapperExitWatch(this.latest, runner, probe);
		PresenceSnapshot first = runner.scanNow(false);
		watch.probeFreshWrappers();
		watch.probeFreshWrappers();
		assertThat(this.latest.snapshot()).isSameAs(first);
		probe.dies(100);
		watch.probeFreshWrappers();
		assertThat(this.latest.snapshot().entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN));
	}

	@Test
	void newProcessOnAnEndedWrappersPidIsWatchedAfreshNotRescannedForEverySecond() {
		FakeProcessProbe probe = this.fixture.probe().startedAgo(100, Duration.ofMinutes(5));
		ScanRunner runner = jimfsRunner();
		Path wrappers = this.fixture.dir();
		HeartbeatFiles.write(wrappers, 100, "crashes", START.minusSeconds(5));
		WrapperExitWatch watch = new WrapperExitWatch(this.latest, runner, probe);
		runner.scanNow(false);
		watch.probeFreshWrappers();
		probe.dies(100).startedAgo(100, Duration.ZERO);
		HeartbeatFiles.write(wrappers, 100, "newcomer", START);
		watch.probeFreshWrappers();
		PresenceSnapshot afterRescan = this.latest.snapshot();
		assertThat(afterRescan.fresh()).isEqualTo(1);
		watch.probeFreshWrappers();
		watch.probeFreshWrappers();
		assertThat(this.latest.snapshot()).isSameAs(afterRescan);
	}

	@Test
	void probesNothingWhileNoHeartbeatIsFresh() {
		FakeProcessProbe probe = this.fixture.probe();
		ScanRunner runner = jimfsRunner();
		HeartbeatFiles.write(this.fixture.dir(), 100, "gone", START.minusSeconds(5));
		WrapperExitWatch watch = new WrapperExitWatch(this.latest, runner, probe);
		runner.scanNow(false);
		int probedByTheScan = probe.checked().size();
		watch.probeFreshWrappers();
		watch.probeFreshWrappers();
		assertThat(probe.checked()).hasSize(probedByTheScan);
	}

	@Test
	void aRescanThatKeepsFailingIsLoggedOnce(CapturedOutput output) {
		FakeProcessProbe probe = this.fixture.probe().startedAgo(100, Duration.ofMinutes(5));
		ScanRunner runner = jimfsRunner();
		HeartbeatFiles.write(this.fixture.dir(), 100, "crashes", START.minusSeconds(5));
		runner.scanNow(false);
		ProcessProbe failing = (pid) -> {
			throw new IllegalStateException("process table unreadable");
		};
		WrapperExitWatch watch = new WrapperExitWatch(this.latest, runner, failing);
		watch.probeFreshWrappers();
		watch.probeFreshWrappers();
		watch.probeFreshWrappers();
		assertThat(output.getOut().split("process table unreadable", -1)).hasSize(2);
	}

	private ScanRunner jimfsRunner() {
		return ScanRunners.create(this.fixture.settings((settings) -> settings.cleanupEnabled(false)));
	}

}
