package dev.iaimcp.heartbeat.history;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.iaimcp.heartbeat.settings.HeartbeatProperties;

/**
 * The one history every face reads, restored from the file beside the wrappers directory,
 * and its recorder.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

	@Bean
	HistoryFile historyFile(HeartbeatProperties properties, Clock clock) {
		return HistoryFile.beside(properties.wrappersDir(), clock);
	}

	@Bean
	PresenceHistory presenceHistory(HistoryFile file) {
		PresenceHistory history = new PresenceHistory();
		history.restore(file.load());
		return history;
	}

	@Bean
	HistoryRecorder historyRecorder(PresenceHistory history, HistoryFile file, Clock clock, TaskScheduler scheduler,
			ApplicationEventPublisher events) {
		return new HistoryRecorder(history, file, clock, scheduler, events);
	}

}
