package dev.iaimcp.heartbeat.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What a request body may cost, bound from {@code iai.heartbeat.http.*}; the packaged
 * {@code application.yml} sets both and says why.
 *
 * @param maxRequestBody the largest request body accepted (413 beyond)
 * @param requestBodyTimeout how long a client has to send its whole body (408 after)
 */
@ConfigurationProperties("iai.heartbeat.http")
record HttpLimits(DataSize maxRequestBody, Duration requestBodyTimeout) {

	private static final String PREFIX = "iai.heartbeat.http.";

	HttpLimits {
		if (maxRequestBody == null || maxRequestBody.toBytes() <= 0 || maxRequestBody.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					PREFIX + "max-request-body must be between 1B and 2GB but was " + maxRequestBody);
		}
		if (requestBodyTimeout == null || requestBodyTimeout.isNegative() || requestBodyTimeout.isZero()) {
			throw new IllegalArgumentException(
					PREFIX + "request-body-timeout must be greater than 0 but was " + requestBodyTimeout);
		}
	}

}
