package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import dev.iaimcp.heartbeat.presence.PresenceChangedEvent;
import dev.iaimcp.heartbeat.presence.PresenceMonitor;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;

/**
 * The open presence streams: each gets the snapshot when it connects and again on every
 * presence transition. Sends run on one thread of their own, in order, so that a slow
 * reader never holds up the tick.
 */
@Component
@ConditionalOnWebApplication
class PresenceSubscribers implements SmartLifecycle {

	static final int MAX_SUBSCRIBERS = 16;

	static final String EVENT_NAME = "presence";

	private final PresenceMonitor monitor;

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "presence-stream");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean running;

	PresenceSubscribers(PresenceMonitor monitor) {
		this.monitor = monitor;
	}

	synchronized SseEmitter subscribe() {
		if (!this.running || this.emitters.size() >= MAX_SUBSCRIBERS) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"At most " + MAX_SUBSCRIBERS + " presence streams may be open");
		}
		// No timeout: the keep-alives find the readers that went away.
		SseEmitter emitter = new SseEmitter(0L);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		dispatch(() -> send(emitter, snapshotEvent(this.monitor.snapshot())));
		return emitter;
	}

	@EventListener
	void onPresenceChanged(PresenceChangedEvent event) {
		dispatch(() -> this.emitters.forEach((emitter) -> send(emitter, snapshotEvent(event.snapshot()))));
	}

	@Scheduled(fixedDelay = 30, initialDelay = 30, timeUnit = TimeUnit.SECONDS)
	void keepAlive() {
		dispatch(() -> this.emitters.forEach((emitter) -> send(emitter, SseEmitter.event().comment("keep-alive"))));
	}

	@Override
	public void start() {
		this.running = true;
	}

	// Open streams would hold up the web server's graceful shutdown until its timeout.
	@Override
	public void stop() {
		this.running = false;
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
		this.sender.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static SseEventBuilder snapshotEvent(PresenceSnapshot snapshot) {
		return SseEmitter.event().name(EVENT_NAME).data(snapshot, MediaType.APPLICATION_JSON);
	}

	private void dispatch(Runnable sending) {
		try {
			this.sender.execute(sending);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the streams are closed already.
		}
	}

	private void send(SseEmitter emitter, SseEventBuilder event) {
		try {
			emitter.send(event);
		}
		catch (IOException | IllegalStateException ex) {
			// The reader went away; the container completes the emitter.
			this.emitters.remove(emitter);
		}
	}

}
