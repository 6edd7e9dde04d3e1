package dev.iaimcp.heartbeat.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the service's actuator endpoints, as any client on the machine would, each
 * request bounded by what is left of the run.
 */
class ActuatorClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** Even past the deadline: the first answer, or the one a step is waiting on. */
	private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

	private final URI actuator;

	private final Deadline deadline;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final JsonMapper json = JsonMapper.builder().build();

	ActuatorClient(URI actuator, Deadline deadline) {
		this.actuator = actuator;
		this.deadline = deadline;
	}

	/**
	 * Gets one endpoint.
	 * @param endpoint the endpoint's id, for example {@code presence}
	 * @return the JSON it answered with
	 * @throws IOException if nothing answers, or the answer is not a 200 with JSON
	 * @throws InterruptedException if interrupted while waiting for the answer
	 */
	JsonNode get(String endpoint) throws IOException, InterruptedException {
		URI uri = this.actuator.resolve(endpoint);
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout()).build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException(uri + " answered " + response.statusCode());
		}
		try {
			return this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new IOException(uri + " answered something that is not JSON", ex);
		}
	}

	private Duration timeout() {
		Duration left = this.deadline.remaining();
		if (left.compareTo(TIMEOUT) > 0) {
			return TIMEOUT;
		}
		return (left.compareTo(MIN_TIMEOUT) < 0) ? MIN_TIMEOUT : left;
	}

}
