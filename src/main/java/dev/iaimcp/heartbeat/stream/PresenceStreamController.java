package dev.iaimcp.heartbeat.stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /presence/stream}: Server-Sent Events named {@code presence}, each carrying
 * the snapshot, sent on connect and on every presence transition, so that a consumer need
 * not poll; and events named {@code history}, each carrying one history event, as they
 * are recorded.
 */
@RestController
@ConditionalOnWebApplication
class PresenceStreamController {

	private final PresenceSubscribers subscribers;

	PresenceStreamController(PresenceSubscribers subscribers) {
		this.subscribers = subscribers;
	}

	@GetMapping(path = "/presence/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		return this.subscribers.subscribe();
	}

}
