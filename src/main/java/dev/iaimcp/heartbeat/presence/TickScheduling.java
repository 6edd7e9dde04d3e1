package dev.iaimcp.heartbeat.presence;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Schedules the tick ({@link PresenceTick}). The one-shot {@code check} command runs
 * without an application context, so it never ticks.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TickScheduling {

}
