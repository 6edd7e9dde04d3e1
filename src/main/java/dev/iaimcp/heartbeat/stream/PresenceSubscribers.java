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
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
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

import dev.iaimcp.heartbeat.history.HistoryRecordedEvent;
import dev.iaimcp.heartbeat.presence.LatestPresence;
import dev.iaimcp.heartbeat.presence.PresenceChangedEvent;
import dev.iaimcp.heartbeat.presence.PresenceSnapshot;

/**
 * The open presence streams: each gets the snapshot when it connects and again on every
 * presence transition, and each event of the history as it is recorded. Each stream sends
 * on its own (see {@link Subscriber}), so a reader that stops reading holds up neither
 * the tick nor the other readers, and is dropped once it falls behind.
 */
@Component
@ConditionalOnWebApplication
class PresenceSubscribers implements SmartLifecycle {

	static final int MAX_SUBSCRIBERS = 16;

	static final String EVENT_NAME = "presence";

	static final String HISTORY_EVENT_NAME = "history";

	/**
	 * The longest wait between keep-alives, whatever the web server's idle timeout. A
	 * reader that went away unnoticed (where nothing watches its connection) is found
	 * when a write to it fails, the second after it left: this frees its slot within
	 * seconds.
	 */
	static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(5);

	private final LatestPresence latest;

	private final TaskScheduler scheduler;

	private final Duration keepAlive;

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

	PresenceSubscribers(LatestPresence latest, TaskScheduler scheduler,
			@Value("${server.jetty.connection-idle-timeout}") Duration connectionIdleTimeout) {
		this.latest = latest;
		this.scheduler = scheduler;
		this.keepAlive = keepAliveWithin(connectionIdleTimeout);
	}

	/**
	 * How often each stream gets a comment while there is one: twice within the web
	 * server's idle timeout, which would otherwise end a quiet stream, and at a fixed
	 * rate, so that a slow run does not push the next one past it.
	 * @param connectionIdleTimeout the web server's idle timeout; zero or less for none
	 * @return the interval between keep-alives
	 */
	static Duration keepAliveWithin(Duration connectionIdleTimeout) {
		if (connectionIdleTimeout.isNegative() || connectionIdleTimeout.isZero()) {
			return MAX_KEEP_ALIVE;
		}
		Duration half = connectionIdleTimeout.dividedBy(2);
		return (half.compareTo(MAX_KEEP_ALIVE) < 0) ? half : MAX_KEEP_ALIVE;
	}

	/**
	 * Opens a stream, and sends it the snapshot.
	 * @param departures told, once the stream is open, what to run when its reader
	 * leaves: that closes the stream and frees its slot at once, from any thread, any
	 * number of times
	 * @return the stream
	 */
	synchronized SseEmitter subscribe(Consumer<Runnable> departures) {
		if (!this.running || this.subscribers.size() >= MAX_SUBSCRIBERS) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"At most " + MAX_SUBSCRIBERS + " presence streams may be open");
		}
		// No timeout: the keep-alives find the readers that went away.
		SseEmitter emitter = new SseEmitter(0L);
		Subscriber subscriber = new Subscriber(emitter, this.senders);
		emitter.onCompletion(() -> ended(subscriber));
		emitter.onTimeout(() -> ended(subscriber));
		emitter.onError((ex) -> ended(subscriber));
		this.subscribers.add(subscriber);
		if (this.keepingAlive == null) {
			this.keepingAlive = this.scheduler.scheduleAtFixedRate(this::keepAlive, Instant.now().plus(this.keepAlive),
					this.keepAlive);
		}
		subscriber.offer(snapshotEvent(this.latest.snapshot()));
		departures.accept(() -> left(subscriber));
		return emitter;
	}

	@EventListener
	void onPresenceChanged(PresenceChangedEvent event) {
		sendToEach((subscriber) -> subscriber.offer(snapshotEvent(event.snapshot())));
	}

	// A scan's events go as one batch, so that they take one place in each queue.
	@EventListener
	void onHistoryRecorded(HistoryRecordedEvent recorded) {
		sendToEach((subscriber) -> subscriber.offer(EventBatch.of(HISTORY_EVENT_NAME, recorded.events())));
	}

	void keepAlive() {
		sendToEach((subscriber) -> subscriber.offerIfIdle(SseEmitter.event().comment("keep-alive")));
		stopKeepingAliveIfNobodyReads();
	}

	// The reader left: its stream is completed and its slot freed together. Either may
	// have happened already (a failed send, the web server ending the stream, shutdown)
	// or happen at the same time: both are idempotent.
	private void left(Subscriber subscriber) {
		subscriber.close();
		this.subscribers.remove(subscriber);
	}

	private void ended(Subscriber subscriber) {
		subscriber.ended();
		this.subscribers.remove(subscriber);
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
			// An offer fails only once the stream is closed, and a closed one is
			// completed:
			// at once, or when the send in progress returns.
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
