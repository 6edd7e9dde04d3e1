package dev.iaimcp.heartbeat.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.Task;

import dev.iaimcp.heartbeat.HeartbeatScannerApplication;
import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tick is scheduled by Spring from {@code @Scheduled}, every interval the settings
 * bound, however the operator spelled the key.
 */
class TickTests {

	@TempDir
	Path wrappersDir;

	@ParameterizedTest
	@CsvSource({ "--iai.heartbeat.cleanup-enabled=true, 30", "--iai.heartbeat.tick-interval-sec=7, 7",
			"--iai.heartbeat.tickIntervalSec=11, 11" })
	void theTickRunsWithAFixedDelayOfTheBoundInterval(String setting, long seconds) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HeartbeatScannerApplication.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.run("--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.watch=off", setting)) {
			Duration bound = context.getBean(HeartbeatProperties.class).tickInterval();
			assertThat(bound).isEqualTo(Duration.ofSeconds(seconds));
			assertThat(ticks(context)).singleElement()
				.satisfies((tick) -> assertThat(tick).isInstanceOfSatisfying(FixedDelayTask.class,
						(fixedDelay) -> assertThat(fixedDelay.getIntervalDuration()).isEqualTo(bound)));
		}
	}

	// Spring wraps the method's runnable, and names the task after the method.
	private static List<Task> ticks(ConfigurableApplicationContext context) {
		return context.getBeansOfType(ScheduledTaskHolder.class)
			.values()
			.stream()
			.flatMap((holder) -> holder.getScheduledTasks().stream())
			.map(ScheduledTask::getTask)
			.filter((task) -> task.toString().equals(Tick.class.getName() + ".tick"))
			.toList();
	}

}
