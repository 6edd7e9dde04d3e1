package dev.iaimcp.heartbeat.http;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.iaimcp.heartbeat.scan.SafeText;

/**
 * Logs refused requests, at most {@link #LINES_PER_MINUTE} a minute: a page can send
 * thousands, and the log is for a person. The first line of a minute counts those left
 * out in the one before. What the request sent is escaped and cut short.
 */
final class RefusalLog {

	static final int LINES_PER_MINUTE = 3;

	static final int MAX_VALUE_LENGTH = 80;

	private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Logger logger = LoggerFactory.getLogger(RefusalLog.class);

	private final LongSupplier nanoTime;

	private long minuteStart;

	private int logged;

	private long leftOut;

	/**
	 * Starts with nothing logged.
	 * @param nanoTime a monotonic clock, {@code System::nanoTime} but in tests: a
	 * wall-clock step neither silences nor floods the log
	 */
	RefusalLog(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.minuteStart = nanoTime.getAsLong() - MINUTE_NANOS;
	}

	void refused(Refusal refusal, HttpServletRequest request) {
		String line = line(refusal, request);
		long before;
		synchronized (this) {
			long now = this.nanoTime.getAsLong();
			if (now - this.minuteStart >= MINUTE_NANOS) {
				this.minuteStart = now;
				this.logged = 0;
			}
			if (this.logged == LINES_PER_MINUTE) {
				this.leftOut++;
				return;
			}
			this.logged++;
			before = this.leftOut;
			this.leftOut = 0;
		}
		logger.warn((before > 0) ? line + " (" + before + " more refused before, not logged)" : line);
	}

	private static String line(Refusal refusal, HttpServletRequest request) {
		return "Refused " + cut(request.getMethod()) + " " + cut(request.getRequestURI()) + " with Host "
				+ quoted(request.getHeader("Host")) + ", Origin " + quoted(request.getHeader("Origin"))
				+ ", Sec-Fetch-Site " + quoted(request.getHeader("Sec-Fetch-Site")) + ", Content-Type "
				+ quoted(request.getContentType()) + ": " + refusal.status() + ", " + refusal.rule();
	}

	private static String quoted(@Nullable String value) {
		return (value != null) ? "\"" + cut(value) + "\"" : "none";
	}

	private static String cut(String value) {
		String shown = (value.length() > MAX_VALUE_LENGTH) ? value.substring(0, MAX_VALUE_LENGTH) + "..." : value;
		return SafeText.of(shown);
	}

}
