package dev.iaimcp.heartbeat.history;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one history every face reads, and its recorder.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

	@Bean
	PresenceHistory presenceHistory() {
		return new PresenceHistory();
	}

	@Bean
	HistoryRecorder historyRecorder(PresenceHistory history, Clock clock, ApplicationEventPublisher events) {
		return new HistoryRecorder(history, clock, events);
	}

}
