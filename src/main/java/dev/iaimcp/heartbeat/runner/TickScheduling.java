package dev.iaimcp.heartbeat.runner;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Schedules the tick ({@link Tick}). The one-shot {@code check} command runs without an
 * application context, so it never ticks.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class TickScheduling {

}
