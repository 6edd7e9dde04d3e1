package dev.iaimcp.heartbeat.stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /presence/stream}: Server-Sent Events named {@code presence}, each carrying
 * the snapshot, sent on connect and on every presence transition, so that a consumer need
 * not poll; and events named {@code history}, each carrying one history event, sent as
 * they are recorded. A reader that closes its connection frees its slot at once (see
 * {@link ReaderDepartures}).
 */
@RestController
@ConditionalOnWebApplication
class PresenceStreamController {

	private final PresenceSubscribers subscribers;

	PresenceStreamController(PresenceSubscribers subscribers) {
		this.subscribers = subscribers;
	}

	@GetMapping(path = "/presence/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(HttpServletRequest request, HttpServletResponse response) {
		// The stream is the connection's last response: what arrives after the request is
		// only ever the reader leaving.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		return this.subscribers.subscribe((departed) -> ReaderDepartures.watch(request, departed));
	}

}
