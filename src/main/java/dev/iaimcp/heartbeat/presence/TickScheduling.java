package dev.iaimcp.heartbeat.presence;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Schedules the tick. The one-shot {@code check} command runs with the {@code check}
 * profile: it scans once, and must neither tick nor start the scheduler's thread.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@Profile("!check")
class TickScheduling {

}
