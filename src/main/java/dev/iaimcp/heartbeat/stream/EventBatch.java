package dev.iaimcp.heartbeat.stream;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * Several finished events sent as one: one place in a reader's queue and one write, so
 * that a scan that records many events does not make a reader fall behind. Only built,
 * never added to.
 */
final class EventBatch implements SseEventBuilder {

	private final List<SseEventBuilder> events;

	private EventBatch(List<SseEventBuilder> events) {
		this.events = events;
	}

	/**
	 * Events of one name, each carrying one object as JSON.
	 * @param name the event name
	 * @param data the objects
	 * @return the batch
	 */
	static EventBatch of(String name, List<?> data) {
		return new EventBatch(data.stream()
			.map((item) -> (SseEventBuilder) SseEmitter.event().name(name).data(item, MediaType.APPLICATION_JSON))
			.toList());
	}

	@Override
	public Set<DataWithMediaType> build() {
		Set<DataWithMediaType> parts = new LinkedHashSet<>();
		this.events.forEach((event) -> parts.addAll(event.build()));
		return parts;
	}

	@Override
	public SseEventBuilder id(String id) {
		throw finished();
	}

	@Override
	public SseEventBuilder name(String eventName) {
		throw finished();
	}

	@Override
	public SseEventBuilder reconnectTime(long reconnectTimeMillis) {
		throw finished();
	}

	@Override
	public SseEventBuilder comment(String comment) {
		throw finished();
	}

	@Override
	public SseEventBuilder data(Object object) {
		throw finished();
	}

	@Override
	public SseEventBuilder data(Object object, MediaType mediaType) {
		throw finished();
	}

	private static UnsupportedOperationException finished() {
		return new UnsupportedOperationException("A batch is made of finished events");
	}

}
