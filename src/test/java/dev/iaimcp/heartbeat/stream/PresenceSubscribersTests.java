package dev.iaimcp.heartbeat.stream;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.iaimcp.heartbeat.presence.LatestPresence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PresenceSubscribersTests {

	private final PresenceSubscribers subscribers = new PresenceSubscribers(
			new LatestPresence(Instant.parse("2026-05-02T15:00:00Z")));

	@AfterEach
	void stop() {
		this.subscribers.stop();
	}

	@Test
	void subscribersBeyondTheLimitAreTurnedAway() {
		this.subscribers.start();
		for (int i = 0; i < PresenceSubscribers.MAX_SUBSCRIBERS; i++) {
			this.subscribers.subscribe();
		}
		assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(this.subscribers::subscribe)
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
	}

	@Test
	void subscribersAreTurnedAwayOnceStopped() {
		this.subscribers.start();
		this.subscribers.stop();
		assertThatExceptionOfType(ResponseStatusException.class).isThrownBy(this.subscribers::subscribe);
	}

}
