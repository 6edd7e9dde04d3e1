package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * One open presence stream with its own small queue of events. Its sends run one at a
 * time on a thread of their own, so a reader that stops reading blocks only its own
 * stream (until the web server's write timeout fails the send), and one that falls
 * {@link #MAX_PENDING} events behind is closed.
 */
final class Subscriber {

	/**
	 * Events that may wait behind a send in progress: more means the reader fell behind.
	 */
	static final int MAX_PENDING = 4;

	private final SseEmitter emitter;

	private final Executor sender;

	private final Queue<SseEventBuilder> pending = new ArrayDeque<>();

	private boolean sending;

	private boolean closed;

	Subscriber(SseEmitter emitter, Executor sender) {
		this.emitter = emitter;
		this.sender = sender;
	}

	/**
	 * Queues an event for sending.
	 * @param event the event
	 * @return {@code false} if the stream is closed, now or before: it fell behind or
	 * went away
	 */
	synchronized boolean offer(SseEventBuilder event) {
		if (this.closed) {
			return false;
		}
		if (this.pending.size() >= MAX_PENDING) {
			close();
			return false;
		}
		this.pending.add(event);
		if (!this.sending) {
			startSending();
		}
		return !this.closed;
	}

	/**
	 * Queues an event only if nothing is being sent: a keep-alive adds nothing to a
	 * stream that is busy, and a stream stuck in a send will fail on its own.
	 * @param event the event
	 * @return {@code false} if the stream is closed
	 */
	synchronized boolean offerIfIdle(SseEventBuilder event) {
		return this.sending ? !this.closed : offer(event);
	}

	/**
	 * Ends the stream without waiting for a send in progress, which ends it when done.
	 */
	synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.pending.clear();
		if (!this.sending) {
			// The emitter's own lock, which complete() takes, is free while nothing
			// sends.
			this.emitter.complete();
		}
	}

	private void startSending() {
		this.sending = true;
		try {
			this.sender.execute(this::sendPending);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down.
			this.sending = false;
			close();
		}
	}

	private void sendPending() {
		for (SseEventBuilder event = next(); event != null; event = next()) {
			try {
				this.emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				// The reader went away; the web server completes the stream.
				synchronized (this) {
					this.closed = true;
					this.pending.clear();
					this.sending = false;
				}
				return;
			}
		}
	}

	private synchronized SseEventBuilder next() {
		SseEventBuilder event = this.pending.poll();
		if (event == null || this.closed) {
			this.sending = false;
			if (this.closed) {
				this.emitter.complete();
			}
			return null;
		}
		return event;
	}

}
