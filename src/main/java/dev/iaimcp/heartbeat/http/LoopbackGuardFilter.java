package dev.iaimcp.heartbeat.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers what {@link LoopbackGuard} refuses before anything else reads it, its body
 * included, and tells the log, a few lines a minute at most.
 */
final class LoopbackGuardFilter implements Filter {

	private final RefusalLog log;

	LoopbackGuardFilter(RefusalLog log) {
		this.log = log;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest httpRequest = (HttpServletRequest) request;
		Refusal refusal = LoopbackGuard.refusal(httpRequest);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		this.log.refused(refusal, httpRequest);
		HttpServletResponse httpResponse = (HttpServletResponse) response;
		httpResponse.setStatus(refusal.status());
		httpResponse.setContentType("application/json");
		httpResponse.setCharacterEncoding(StandardCharsets.UTF_8);
		// The body, if any, stays unread: the connection is not one to keep.
		httpResponse.setHeader("Connection", "close");
		httpResponse.getOutputStream().write(refusal.json().getBytes(StandardCharsets.UTF_8));
	}

}
