package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

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
	boolean offer(SseEventBuilder event) {
		Admission admission = admit(event);
		if (admission == Admission.FELL_BEHIND) {
			close();
			return false;
		}
		if (admission == Admission.START_SENDING) {
			try {
				this.sender.execute(this::sendPending);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down.
				markSendFailed();
				this.emitter.complete();
				return false;
			}
		}
		return admission != Admission.CLOSED;
	}

	private synchronized Admission admit(SseEventBuilder event) {
		if (this.closed) {
			return Admission.CLOSED;
		}
		if (this.pending.size() >= MAX_PENDING) {
			return Admission.FELL_BEHIND;
		}
		this.pending.add(event);
		if (this.sending) {
			return Admission.QUEUED;
		}
		this.sending = true;
		return Admission.START_SENDING;
	}

	/**
	 * Queues an event only if nothing is being sent: a keep-alive adds nothing to a
	 * stream that is busy, and a stream stuck in a send will fail on its own.
	 * @param event the event
	 * @return {@code false} if the stream is closed
	 */
	boolean offerIfIdle(SseEventBuilder event) {
		synchronized (this) {
			if (this.sending) {
				return !this.closed;
			}
		}
		return offer(event);
	}

	/**
	 * Ends the stream without waiting for a send in progress, which ends it when done.
	 */
	void close() {
		if (markClosed()) {
			this.emitter.complete();
		}
	}

	/**
	 * Takes note that the web server ended the stream (the reader went away, a timeout,
	 * an error): nothing more is sent, and the server completes it.
	 */
	synchronized void ended() {
		this.closed = true;
		this.pending.clear();
	}

	// The emitter is completed outside this object's lock: the web server calls back into
	// it (ended) while holding locks that completing takes.
	private synchronized boolean markClosed() {
		if (this.closed) {
			return false;
		}
		this.closed = true;
		this.pending.clear();
		return !this.sending;
	}

	private void sendPending() {
		for (SseEventBuilder event = next(); event != null; event = next()) {
			try {
				this.emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				// The reader went away, or the web server gave up on the connection. Not
				// every server ends the request on a failed write (Jetty does not): the
				// stream is completed here, or its connection stays open with nothing
				// sent.
				markSendFailed();
				this.emitter.complete();
				return;
			}
		}
		if (isClosed()) {
			this.emitter.complete();
		}
	}

	private synchronized void markSendFailed() {
		this.sending = false;
		this.closed = true;
		this.pending.clear();
	}

	private synchronized boolean isClosed() {
		return this.closed;
	}

	private synchronized @Nullable SseEventBuilder next() {
		SseEventBuilder event = this.closed ? null : this.pending.poll();
		if (event == null) {
			this.sending = false;
		}
		return event;
	}

	private enum Admission {

		CLOSED, FELL_BEHIND, QUEUED, START_SENDING

	}

}
