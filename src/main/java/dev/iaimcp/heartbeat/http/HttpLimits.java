package dev.iaimcp.heartbeat.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * What a request body may cost, bound from {@code iai.heartbeat.http.*}. Like the other
 * settings it validates itself as a Spring {@link Validator}, so that Spring Boot reports
 * every bad value at once, each with its property, value, origin and reason.
 *
 * @param maxRequestBody the largest request body accepted (413 beyond, chunked or not,
 * before anything parses it). The largest body anyone sends is {@code {"cleanup": true}};
 * unbounded, one large POST could run the 128 MB heap out.
 * @param requestBodyTimeout how long a client has to send its whole body (408 after).
 * Bodies are read without holding a worker thread, so a client that stops or trickles
 * holds none meanwhile. Keep it under {@code server.jetty.connection-idle-timeout}, which
 * would close the connection without an answer.
 */
@ConfigurationProperties(HttpLimits.PREFIX)
record HttpLimits(@DefaultValue("4KB") DataSize maxRequestBody,
		@DefaultValue("3s") Duration requestBodyTimeout) implements Validator {

	/** Where the limits live. */
	static final String PREFIX = "iai.heartbeat.http";

	@Override
	public boolean supports(Class<?> type) {
		return HttpLimits.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		HttpLimits limits = (HttpLimits) target;
		DataSize maxRequestBody = limits.maxRequestBody();
		if (maxRequestBody == null || maxRequestBody.toBytes() <= 0 || maxRequestBody.toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue("maxRequestBody", "outOfRange", "must be between 1B and 2GB");
		}
		Duration requestBodyTimeout = limits.requestBodyTimeout();
		if (requestBodyTimeout == null || requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()) {
			errors.rejectValue("requestBodyTimeout", "notPositive", "must be greater than 0");
		}
	}

}
