package dev.iaimcp.heartbeat.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.iaimcp.heartbeat.presence.PresenceMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class PresenceSubscribersTests {

	private final PresenceSubscribers subscribers = new PresenceSubscribers(mock(PresenceMonitor.class));

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
