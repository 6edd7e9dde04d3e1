package dev.iaimcp.heartbeat.http;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reads every request body before anything else sees it: at most {@code maxBytes} (413
 * beyond, whether the length was declared or the body is chunked), within {@code timeout}
 * (408 after, however slowly the client trickles).
 * <p>
 * It reads without blocking, so a client that stops halfway through its body holds a
 * connection but none of the worker threads that health and presence are answered on. And
 * because the whole body is read here, the server finds nothing left to swallow once the
 * response is sent, which it would otherwise do on a worker, blocking.
 */
final class RequestBodyFilter implements Filter {

	private static final int CHUNK_BYTES = 1024;

	private final int maxBytes;

	private final Duration timeout;

	RequestBodyFilter(int maxBytes, Duration timeout) {
		this.maxBytes = maxBytes;
		this.timeout = timeout;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest httpRequest = (HttpServletRequest) request;
		if (!hasBody(httpRequest)) {
			chain.doFilter(request, response);
			return;
		}
		if (httpRequest.getContentLengthLong() > this.maxBytes) {
			((HttpServletResponse) response).sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		BufferedBodyRequest buffered = new BufferedBodyRequest(httpRequest);
		AsyncContext async = request.startAsync(buffered, response);
		async.setTimeout(this.timeout.toMillis());
		BodyReader reader = new BodyReader(async, httpRequest.getInputStream(), buffered);
		async.addListener(reader);
		httpRequest.getInputStream().setReadListener(reader);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	/** Collects the body as it arrives, then hands the request on with it. */
	private final class BodyReader implements ReadListener, AsyncListener {

		private final AsyncContext async;

		private final ServletInputStream input;

		private final BufferedBodyRequest request;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final byte[] chunk = new byte[CHUNK_BYTES];

		private boolean finished;

		BodyReader(AsyncContext async, ServletInputStream input, BufferedBodyRequest request) {
			this.async = async;
			this.input = input;
			this.request = request;
		}

		@Override
		public void onDataAvailable() throws IOException {
			while (!this.finished && this.input.isReady()) {
				int length = this.input.read(this.chunk);
				if (length == -1) {
					return;
				}
				if (this.body.size() + length > RequestBodyFilter.this.maxBytes) {
					reject(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
					return;
				}
				this.body.write(this.chunk, 0, length);
			}
		}

		@Override
		public void onAllDataRead() {
			if (!this.finished) {
				this.finished = true;
				this.request.body = this.body.toByteArray();
				this.async.dispatch();
			}
		}

		// A malformed chunk, or the client gone (then nobody reads the answer).
		@Override
		public void onError(Throwable failure) {
			reject(HttpServletResponse.SC_BAD_REQUEST);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			reject(HttpServletResponse.SC_REQUEST_TIMEOUT);
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			onError(event.getThrowable());
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void reject(int status) {
			if (this.finished) {
				return;
			}
			this.finished = true;
			try {
				((HttpServletResponse) this.async.getResponse()).sendError(status);
			}
			catch (IOException ex) {
				// The client is gone; there is nobody to tell.
			}
			this.async.complete();
		}

	}

	/** The request with its body already read. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private byte[] body = new byte[0];

		BufferedBodyRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() {
			return new BodyInputStream(new ByteArrayInputStream(this.body));
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset));
		}

	}

	private static final class BodyInputStream extends ServletInputStream {

		private final ByteArrayInputStream body;

		BodyInputStream(ByteArrayInputStream body) {
			this.body = body;
		}

		@Override
		public int read() {
			return this.body.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.body.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.body.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("The body has been read already; read it blocking");
		}

	}

}
