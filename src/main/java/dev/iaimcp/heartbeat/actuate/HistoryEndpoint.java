package dev.iaimcp.heartbeat.actuate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

import dev.iaimcp.heartbeat.history.HistoryEvent;
import dev.iaimcp.heartbeat.history.PresenceHistory;

/**
 * Endpoint {@code history}, read-only: {@code GET /actuator/history?since=&limit=} serves
 * the newest events of the history at or after {@code since}, oldest first, at most
 * {@code limit} of them; a bad value is a 400 whose {@code message} gives the rule.
 */
@Component
@Endpoint(id = "history")
class HistoryEndpoint {

	static final int DEFAULT_LIMIT = 100;

	private static final String SINCE_RULE = "'since' must be an ISO-8601 instant such as 2026-12-06T16:02:11Z";

	private static final String LIMIT_RULE = "'limit' must be a whole number from 1 to " + PresenceHistory.CAPACITY;

	private final PresenceHistory history;

	HistoryEndpoint(PresenceHistory history) {
		this.history = history;
	}

	// Both arrive as the strings sent, so that a bad one is refused with its rule, in the
	// body: the error page says no more than "Bad Request".
	@ReadOperation
	WebEndpointResponse<Object> history(@Nullable String since, @Nullable String limit) {
		try {
			List<HistoryEvent> events = this.history.events(parseSince(since), parseLimit(limit));
			return new WebEndpointResponse<>(new HistoryAnswer(events, events.size(), this.history.size()));
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(Map.of("status", WebEndpointResponse.STATUS_BAD_REQUEST, "error",
					"Bad Request", "message", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	private static @Nullable Instant parseSince(@Nullable String since) {
		if (since == null) {
			return null;
		}
		try {
			return Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(SINCE_RULE);
		}
	}

	private static int parseLimit(@Nullable String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit.isEmpty() || limit.length() > 4 || !limit.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException(LIMIT_RULE);
		}
		int value = Integer.parseInt(limit);
		if (value < 1 || value > PresenceHistory.CAPACITY) {
			throw new IllegalArgumentException(LIMIT_RULE);
		}
		return value;
	}

	/**
	 * The answer.
	 *
	 * @param events the events, oldest first
	 * @param count how many events there are in {@code events}
	 * @param retained how many events the history keeps in all (at most
	 * {@value PresenceHistory#CAPACITY})
	 */
	record HistoryAnswer(List<HistoryEvent> events, int count, int retained) {

	}

}
