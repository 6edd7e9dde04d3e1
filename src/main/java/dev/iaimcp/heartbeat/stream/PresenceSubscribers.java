package dev.iaimcp.heartbeat.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceChangedEvent;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;

/**
 * The open presence streams: each gets the snapshot when it connects and again on every
 * presence transition. Each stream sends on its own (see {@link Subscriber}), so a reader
 * that stops reading holds up neither the tick nor the other readers, and is dropped once
 * it falls behind.
 */
@Component
@ConditionalOnWebApplication
class PresenceSubscribers implements SmartLifecycle {

	static final int MAX_SUBSCRIBERS = 16;

	static final String EVENT_NAME = "presence";

	/**
	 * How often each stream gets a comment while there is one. A reader that went away is
	 * only noticed when a write to it fails, the second after it left: this frees its
	 * slot within seconds.
	 */
	static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

	private final LatestPresence latest;

	private final TaskScheduler scheduler;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	// A thread per stream while it sends, reused while idle, none after an idle minute.
	// The cap leaves room for the sends of dropped streams until their writes fail; past
	// it a stream is closed rather than queued behind a stuck send.
	private final ThreadPoolExecutor senders = new ThreadPoolExecutor(0, 2 * MAX_SUBSCRIBERS, 1, TimeUnit.MINUTES,
			new SynchronousQueue<>(), new SenderThreads());

	private volatile boolean running;

	// Scheduled while there are streams only: an idle service does not wake for readers
	// it does not have (each run of a scheduled task costs it ~0.4 ms of CPU).
	private @Nullable ScheduledFuture<?> keepingAlive;

	PresenceSubscribers(LatestPresence latest, TaskScheduler scheduler) {
		this.latest = latest;
		this.scheduler = scheduler;
	}

	synchronized SseEmitter subscribe() {
		if (!this.running || this.subscribers.size() >= MAX_SUBSCRIBERS) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"At most " + MAX_SUBSCRIBERS + " presence streams may be open");
		}
		// No timeout: the keep-alives find the readers that went away.
		SseEmitter emitter = new SseEmitter(0L);
		Subscriber subscriber = new Subscriber(emitter, this.senders);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((ex) -> this.subscribers.remove(subscriber));
		this.subscribers.add(subscriber);
		if (this.keepingAlive == null) {
			this.keepingAlive = this.scheduler.scheduleWithFixedDelay(this::keepAlive, Instant.now().plus(KEEP_ALIVE),
					KEEP_ALIVE);
		}
		subscriber.offer(snapshotEvent(this.latest.snapshot()));
		return emitter;
	}

	@EventListener
	void onPresenceChanged(PresenceChangedEvent event) {
		sendToEach((subscriber) -> subscriber.offer(snapshotEvent(event.snapshot())));
	}

	void keepAlive() {
		sendToEach((subscriber) -> subscriber.offerIfIdle(SseEmitter.event().comment("keep-alive")));
		stopKeepingAliveIfNobodyReads();
	}

	synchronized boolean isKeepingAlive() {
		return this.keepingAlive != null;
	}

	private synchronized void stopKeepingAliveIfNobodyReads() {
		if (this.subscribers.isEmpty() && this.keepingAlive != null) {
			this.keepingAlive.cancel(false);
			this.keepingAlive = null;
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	// Open streams would hold up the web server's graceful shutdown until its timeout.
	// A stream stuck in a send ends when the send does, within the write timeout.
	@Override
	public void stop() {
		this.running = false;
		this.subscribers.forEach(Subscriber::close);
		this.subscribers.clear();
		stopKeepingAliveIfNobodyReads();
		this.senders.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void sendToEach(Predicate<Subscriber> offered) {
		for (Subscriber subscriber : this.subscribers) {
			if (!offered.test(subscriber)) {
				this.subscribers.remove(subscriber);
			}
		}
	}

	// Each stream gets a builder of its own: building one appends to it.
	private static SseEventBuilder snapshotEvent(PresenceSnapshot snapshot) {
		return SseEmitter.event().name(EVENT_NAME).data(snapshot, MediaType.APPLICATION_JSON);
	}

	private static final class SenderThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "presence-stream-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
