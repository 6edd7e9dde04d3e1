package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SubscriberTests {

	private final ExecutorService sender = Executors.newCachedThreadPool();

	private final StalledEmitter emitter = new StalledEmitter();

	private final Subscriber subscriber = new Subscriber(this.emitter, this.sender);

	@AfterEach
	void release() {
		this.emitter.release.countDown();
		this.sender.shutdownNow();
	}

	@Test
	void burstOfEventsIsSentInOrder() {
		for (int i = 0; i < Subscriber.MAX_PENDING; i++) {
			assertThat(this.subscriber.offer(event(i))).isTrue();
		}
		this.emitter.release.countDown();
		await().untilAsserted(() -> assertThat(this.emitter.sent).hasSize(Subscriber.MAX_PENDING));
		assertThat(this.emitter.sent).containsExactly("event:presence\ndata:0\n\n", "event:presence\ndata:1\n\n",
				"event:presence\ndata:2\n\n", "event:presence\ndata:3\n\n");
	}

	@Test
	void readerThatFallsBehindIsClosed() throws Exception {
		this.subscriber.offer(event(0));
		this.emitter.sending.await(10, TimeUnit.SECONDS);
		for (int i = 1; i <= Subscriber.MAX_PENDING; i++) {
			assertThat(this.subscriber.offer(event(i))).as("event %d waits", i).isTrue();
		}
		assertThat(this.subscriber.offer(event(Subscriber.MAX_PENDING + 1))).isFalse();
		assertThat(this.subscriber.offer(event(0))).isFalse();
		this.emitter.release.countDown();
		await().until(() -> this.emitter.completed);
		assertThat(this.emitter.sent).hasSize(1);
	}

	@Test
	void closeDoesNotWaitForASendInProgressWhichEndsTheStream() throws Exception {
		this.subscriber.offer(event(0));
		this.emitter.sending.await(10, TimeUnit.SECONDS);
		this.subscriber.offer(event(1));
		this.subscriber.close();
		assertThat(this.emitter.completed).isFalse();
		this.emitter.release.countDown();
		await().until(() -> this.emitter.completed);
		assertThat(this.emitter.sent).hasSize(1);
	}

	@Test
	void idleStreamIsCompletedOnClose() {
		this.subscriber.close();
		assertThat(this.emitter.completed).isTrue();
		assertThat(this.subscriber.offer(event(0))).isFalse();
	}

	@Test
	void keepAliveIsSkippedWhileASendIsInProgress() throws Exception {
		this.subscriber.offer(event(0));
		this.emitter.sending.await(10, TimeUnit.SECONDS);
		for (int i = 0; i <= Subscriber.MAX_PENDING; i++) {
			assertThat(this.subscriber.offerIfIdle(SseEmitter.event().comment("keep-alive"))).isTrue();
		}
		this.emitter.release.countDown();
		await().untilAsserted(() -> assertThat(this.emitter.sent).hasSize(1));
		assertThat(this.subscriber.offerIfIdle(SseEmitter.event().comment("keep-alive"))).isTrue();
		await().untilAsserted(() -> assertThat(this.emitter.sent).hasSize(2));
	}

	@Test
	void failedSendCompletesTheStreamSoItsConnectionEnds() {
		FailingEmitter failing = new FailingEmitter();
		Subscriber broken = new Subscriber(failing, this.sender);
		assertThat(broken.offer(event(0))).isTrue();
		await().until(() -> failing.completed);
		assertThat(broken.offer(event(1))).isFalse();
	}

	private static SseEventBuilder event(int number) {
		return SseEmitter.event().name(PresenceSubscribers.EVENT_NAME).data(number);
	}

	/** An emitter whose reader went away, as the web server reports it. */
	private static final class FailingEmitter extends SseEmitter {

		volatile boolean completed;

		@Override
		public void send(SseEventBuilder builder) throws IOException {
			throw new IOException("Broken pipe");
		}

		@Override
		public void complete() {
			this.completed = true;
		}

	}

	/**
	 * An emitter whose sends block until released, as a write to a reader that stopped
	 * reading does.
	 */
	private static final class StalledEmitter extends SseEmitter {

		final CountDownLatch sending = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> sent = new CopyOnWriteArrayList<>();

		volatile boolean completed;

		@Override
		public void send(SseEventBuilder builder) {
			this.sending.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			StringBuilder text = new StringBuilder();
			builder.build().forEach((part) -> text.append(part.getData()));
			this.sent.add(text.toString());
		}

		@Override
		public void complete() {
			this.completed = true;
		}

	}

}
