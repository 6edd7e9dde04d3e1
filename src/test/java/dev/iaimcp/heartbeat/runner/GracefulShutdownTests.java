package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.iaimcp.heartbeat.HeartbeatScannerApplication;
import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SIGTERM does, minus the signal: the JVM's shutdown hook closes the context, and
 * the context must not let go before the running tick has finished its cleanup.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTests {

	@TempDir
	Path wrappersDir;

	@Test
	void closingWaitsForTheRunningTickToFinishItsCleanup(CapturedOutput output) throws Exception {
		Path orphan = HeartbeatFiles.write(this.wrappersDir, 999_999, "gone", Instant.now());
		ConfigurableApplicationContext context = start();
		assertThat(SlowProbe.entered.await(30, TimeUnit.SECONDS)).as("the first tick reached the probe").isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		Thread.sleep(500);
		assertThat(closing).as("close waits for the tick").isNotDone();
		SlowProbe.release.countDown();
		closing.get(30, TimeUnit.SECONDS);
		assertThat(orphan).doesNotExist();
		assertThat(SlowProbe.interrupted).isFalse();
		assertThat(output.getOut())
			.contains("Stopping: the application context was closed; letting the running tick finish");
		assertThat(output.getOut().strip().lines().reduce((first, second) -> second)).hasValueSatisfying(
				(lastLine) -> assertThat(lastLine).contains("ShutdownReporter").contains("Stopped after"));
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(HeartbeatScannerApplication.class, SlowProbe.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=3600");
	}

	/**
	 * Holds the first tick inside its scan until the test lets it go; every pid is dead.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SlowProbe {

		static final CountDownLatch entered = new CountDownLatch(1);

		static final CountDownLatch release = new CountDownLatch(1);

		static final AtomicBoolean interrupted = new AtomicBoolean();

		@Bean
		@Primary
		ProcessProbe slowProbe() {
			return (pid) -> {
				entered.countDown();
				try {
					release.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
					Thread.currentThread().interrupt();
				}
				return ProcessLiveness.DEAD;
			};
		}

	}

}
