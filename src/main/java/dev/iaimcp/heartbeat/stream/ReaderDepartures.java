package dev.iaimcp.heartbeat.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Notices a reader leaving its stream when it leaves: the connection turns readable at
 * the client's close (an end of input or a reset), where a write would fail only at the
 * next keep-alive, seconds later. Jetty does not fail a request whose client closed while
 * nothing was being read or written, so the connection is watched directly.
 * <p>
 * The stream must be the connection's last response ({@code Connection: close}): nothing
 * else reads it after the request, so its input is ours to watch.
 */
final class ReaderDepartures {

	private ReaderDepartures() {
	}

	/**
	 * Runs {@code departed} once the reader of the stream answering {@code request}
	 * closes its connection, or sends anything on it. Requests that do not come from
	 * Jetty (tests without a server) are not watched: the bounded queue and the write
	 * timeout still find a reader that went away, only later.
	 * @param request the stream's request
	 * @param departed what to do when the reader leaves; may run more than once, from a
	 * web server thread
	 */
	static void watch(HttpServletRequest request, Runnable departed) {
		EndPoint endPoint = endPointOf(request);
		if (endPoint != null) {
			new Watch(endPoint, departed).listen();
		}
	}

	private static @Nullable EndPoint endPointOf(HttpServletRequest request) {
		ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
		return (jettyRequest != null) ? jettyRequest.getConnectionMetaData().getConnection().getEndPoint() : null;
	}

	private record Watch(EndPoint endPoint, Runnable departed) {

		// A failure is the connection closing or timing out: the stream is over either
		// way. When something else already reads the connection, it is left to that.
		void listen() {
			this.endPoint.tryFillInterested(Callback.from(this::readable, (failure) -> this.departed.run()));
		}

		// Bytes from a reader are no better than its leaving: a stream takes no input, a
		// request pipelined behind it would never be answered, and reading on would let a
		// client make the service read without end. Its stream is closed; it may
		// reconnect.
		private void readable() {
			ByteBuffer oneByte = BufferUtil.allocate(1);
			try {
				if (this.endPoint.fill(oneByte) == 0) {
					listen();
					return;
				}
			}
			catch (IOException ex) {
				// A reset: the reader left.
			}
			this.departed.run();
		}

	}

}
