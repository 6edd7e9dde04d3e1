package dev.iaimcp.heartbeat.actuate;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A scan asked for over HTTP could not start: the one running did not end in time. The
 * client is told to come back: 503 with {@code Retry-After}, in seconds.
 */
class ScanStillRunningException extends ResponseStatusException {

	ScanStillRunningException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "A scan is still running; ask again later");
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(PresenceEndpoint.MAX_WAIT_FOR_A_RUNNING_SCAN.toSeconds()));
		return headers;
	}

}
