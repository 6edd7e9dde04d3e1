package dev.iaimcp.heartbeat.history;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one history every face reads.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

	@Bean
	PresenceHistory presenceHistory() {
		return new PresenceHistory();
	}

}
