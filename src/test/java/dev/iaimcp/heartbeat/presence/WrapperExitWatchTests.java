package dev.iaimcp.heartbeat.presence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.iaimcp.heartbeat.scan.HeartbeatFiles;
import dev.iaimcp.heartbeat.scan.HeartbeatStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wrapper that crashes leaves its file and wakes no directory watch; its death must show
 * long before the next tick.
 */
class WrapperExitWatchTests {

	@TempDir
	Path store;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(HeartbeatConfiguration.class, TickScheduling.class, PresenceConfiguration.class,
				PresenceMonitor.class, WrapperExitWatch.class)
		.withPropertyValues("iai.heartbeat.tick-interval-sec=3600");

	@Test
	void sigkilledLoneWrapperIsSeenGoneWithinAboutTwoSeconds() throws Exception {
		Path wrappers = Files.createDirectory(this.store.resolve("wrappers"));
		Process wrapper = new ProcessBuilder("sleep", "60").start();
		try {
			this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + wrappers).run((context) -> {
				PresenceMonitor monitor = context.getBean(PresenceMonitor.class);
				HeartbeatFiles.write(wrappers, wrapper.pid(), "u", Instant.now(), Instant.now());
				await().atMost(Duration.ofSeconds(5)).until(() -> monitor.snapshot().fresh() == 1);
				wrapper.destroyForcibly().waitFor();
				long killedAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(3)).until(() -> monitor.snapshot().fresh() == 0);
				System.out.printf("crash seen after %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
				assertThat(monitor.snapshot().entries()).singleElement()
					.satisfies((entry) -> assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN));
				assertThat(monitor.snapshot().cleanup()).as("cleanup stays on the tick").isNull();
			});
		}
		finally {
			wrapper.destroyForcibly();
		}
	}

	@Test
	void theOneShotCheckDoesNotWatchProcesses() {
		this.runner.withPropertyValues("iai.heartbeat.wrappers-dir=" + this.store.resolve("wrappers"),
				"spring.profiles.active=check")
			.run((context) -> assertThat(context).doesNotHaveBean(WrapperExitWatch.class));
	}

}
