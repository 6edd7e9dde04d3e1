package dev.iaimcp.heartbeat.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.iaimcp.heartbeat.presence.LatestPresence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class PresenceSubscribersTests {

	/** Streams whose readers are never seen to leave. */
	private static final Consumer<Runnable> UNWATCHED = (departed) -> {
	};

	private final List<Duration> scheduled = new ArrayList<>();

	private final List<ScheduledFuture<?>> keepAlives = new ArrayList<>();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler() {

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
			PresenceSubscribersTests.this.scheduled.add(period);
			ScheduledFuture<?> keepAlive = super.scheduleAtFixedRate(task, startTime, period);
			PresenceSubscribersTests.this.keepAlives.add(keepAlive);
			return keepAlive;
		}

	};

	private final PresenceSubscribers subscribers = new PresenceSubscribers(
			new LatestPresence(Instant.parse("2026-05-02T15:00:00Z")), this.scheduler, Duration.ofSeconds(5));

	@BeforeEach
	void startScheduler() {
		this.scheduler.initialize();
	}

	@AfterEach
	void stop() {
		this.subscribers.stop();
		this.scheduler.shutdown();
	}

	@Test
	void nothingIsScheduledWhileNobodyReadsAndOneKeepAliveWhileSomeoneDoes() {
		this.subscribers.start();
		assertThat(keepingAlive()).isFalse();
		this.subscribers.subscribe(UNWATCHED);
		this.subscribers.subscribe(UNWATCHED);
		assertThat(this.scheduled).containsExactly(Duration.ofMillis(2500));
		assertThat(keepingAlive()).isTrue();
		this.subscribers.stop();
		assertThat(keepingAlive()).isFalse();
	}

	private boolean keepingAlive() {
		return this.keepAlives.stream().anyMatch((keepAlive) -> !keepAlive.isCancelled());
	}

	@Test
	void keepAlivesComeTwiceWithinTheIdleTimeoutAndAtLeastEveryFiveSeconds() {
		assertThat(PresenceSubscribers.keepAliveWithin(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(2500));
		assertThat(PresenceSubscribers.keepAliveWithin(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(4));
		assertThat(PresenceSubscribers.keepAliveWithin(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(5));
		assertThat(PresenceSubscribers.keepAliveWithin(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
		assertThat(PresenceSubscribers.keepAliveWithin(Duration.ofMillis(-1))).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void subscribersBeyondTheLimitAreTurnedAway() {
		this.subscribers.start();
		for (int i = 0; i < PresenceSubscribers.MAX_SUBSCRIBERS; i++) {
			this.subscribers.subscribe(UNWATCHED);
		}
		assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(() -> this.subscribers.subscribe(UNWATCHED))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
	}

	@Test
	void aReaderThatLeavesFreesItsSlotAtOnce() {
		this.subscribers.start();
		List<Runnable> departures = new ArrayList<>();
		List<SseEmitter> streams = new ArrayList<>();
		for (int i = 0; i < PresenceSubscribers.MAX_SUBSCRIBERS; i++) {
			streams.add(this.subscribers.subscribe(departures::add));
		}
		assertThat(departures).hasSize(PresenceSubscribers.MAX_SUBSCRIBERS);
		departures.get(3).run();
		// At once, or as soon as the snapshot's send returns.
		await().untilAsserted(() -> assertThatIllegalStateException().as("the stream is completed")
			.isThrownBy(() -> streams.get(3).send("late")));
		assertThatNoException().as("its slot is free").isThrownBy(() -> this.subscribers.subscribe(UNWATCHED));
		departures.get(3).run();
		assertThatExceptionOfType(ResponseStatusException.class).as("a second notice frees no other slot")
			.isThrownBy(() -> this.subscribers.subscribe(UNWATCHED));
	}

	@Test
	void subscribersAreTurnedAwayOnceStopped() {
		this.subscribers.start();
		this.subscribers.stop();
		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> this.subscribers.subscribe(UNWATCHED));
	}

}
