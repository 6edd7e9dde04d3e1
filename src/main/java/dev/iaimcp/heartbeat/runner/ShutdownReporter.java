package dev.iaimcp.heartbeat.runner;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Logs why the service stops and, as its last line, that it has stopped. It stops in the
 * last lifecycle phase, after the web server and after the scheduler has waited for an
 * in-flight tick, so "Stopped" means no tick was cut off.
 */
@Component
class ShutdownReporter implements ApplicationListener<ContextClosedEvent>, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ShutdownReporter.class);

	/** The thread Spring Boot's JVM shutdown hook runs on. */
	private static final String SHUTDOWN_HOOK_THREAD = "SpringApplicationShutdownHook";

	private final ScanRunner runner;

	private volatile boolean running;

	private volatile long stoppingSince;

	ShutdownReporter(ScanRunner runner) {
		this.runner = runner;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.stoppingSince = System.nanoTime();
		logger.info("Stopping: {}{}", reason(), this.runner.isScanning() ? "; letting the running tick finish" : "");
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		long millis = Duration.ofNanos(System.nanoTime() - this.stoppingSince).toMillis();
		if (this.runner.isScanning()) {
			logger.warn("Stopped after {} ms while a tick is still running: it outlasted the shutdown grace period",
					millis);
		}
		else {
			logger.info("Stopped after {} ms", millis);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

	// Java does not say which signal started its shutdown hooks; this is all that is
	// known.
	private static String reason() {
		return SHUTDOWN_HOOK_THREAD.equals(Thread.currentThread().getName())
				? "the JVM is shutting down (SIGTERM, SIGINT, SIGHUP or System.exit)"
				: "the application context was closed";
	}

}
