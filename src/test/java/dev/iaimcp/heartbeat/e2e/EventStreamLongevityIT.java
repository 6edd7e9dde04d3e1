package dev.iaimcp.heartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event streams held open for minutes against the built jar: idle first, well past the
 * web server's 5 s idle timeout and the 45 s after which streams used to fall silent,
 * then beside real wrappers that come, go, crash and get cleaned up.
 */
class EventStreamLongevityIT {

	/** Twice the keep-alive interval the default 5 s idle timeout gives (2.5 s). */
	private static final Duration LONGEST_SILENCE = Duration.ofSeconds(5);

	private static final Duration IDLE_PHASE = Duration.ofSeconds(75);

	private static final Duration CHURN_PHASE = Duration.ofSeconds(45);

	private static final int READERS = 3;

	@TempDir
	Path tempDir;

	private Launcher launcher;

	private Path wrappersDir;

	private Path logFile;

	@BeforeEach
	void prepare() throws IOException {
		this.launcher = new Launcher(this.tempDir);
		this.wrappersDir = this.tempDir.resolve("store/wrappers");
		this.logFile = this.tempDir.resolve("logs/heartbeat-scanner.log");
	}

	@AfterEach
	void killEverythingStarted() throws InterruptedException {
		this.launcher.close();
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.MINUTES)
	void streamsLiveForMinutesIdleAndBesideChurningWrappersAndNeverHoldUpShutdown() throws Exception {
		ServiceClient client = new ServiceClient(ServiceClient.freePort());
		Process service = this.launcher.service(List.of("--server.port=" + client.port(),
				"--iai.heartbeat.wrappers-dir=" + this.wrappersDir, "--iai.heartbeat.tick-interval-sec=2",
				"--logging.file.name=" + this.logFile, "--logging.threshold.console=OFF"));
		ServiceClient.waitUntil().until(() -> client.isUp(service, () -> this.launcher.serviceOutput(this.logFile)));
		List<StreamReader> readers = new ArrayList<>();
		for (int i = 0; i < READERS; i++) {
			readers.add(StreamReader.open(client));
		}

		Thread.sleep(IDLE_PHASE.toMillis());
		for (StreamReader reader : readers) {
			assertThat(reader.ended).as("a quiet stream stays open").isFalse();
			assertThat(reader.longestSilence()).as("longest silence on a quiet stream").isLessThan(LONGEST_SILENCE);
		}

		churnWrappers(client);
		for (StreamReader reader : readers) {
			assertThat(reader.ended).as("a busy stream stays open").isFalse();
			assertThat(reader.longestSilence()).as("longest silence with wrappers coming and going")
				.isLessThan(LONGEST_SILENCE);
			assertThat(reader.lines).as("every stream saw the wrappers arrive").contains("data-state:ACTIVE");
		}

		long stopNanos = System.nanoTime();
		service.destroy();
		assertThat(service.waitFor(ServiceClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Duration stopped = Duration.ofNanos(System.nanoTime() - stopNanos);
		System.out.println("service with " + READERS + " open streams stopped " + stopped.toMillis()
				+ " ms after SIGTERM; longest silences "
				+ readers.stream().map((reader) -> reader.longestSilence().toMillis() + " ms").toList());
		assertThat(service.exitValue()).isEqualTo(143);
		assertThat(stopped).as("open streams never hold up shutdown").isLessThan(Duration.ofSeconds(1));
		assertThat(Launcher.read(this.logFile)).doesNotContain("Graceful shutdown aborted");
		for (StreamReader reader : readers) {
			reader.thread.join(TimeUnit.SECONDS.toMillis(5));
			assertThat(reader.ended).as("the reader sees its stream end").isTrue();
		}
	}

	// Writers start, leave cleanly, crash, and a script asks for a cleanup now and then.
	private void churnWrappers(ServiceClient client) throws Exception {
		Random random = new Random(19);
		List<Process> writers = new ArrayList<>();
		long end = System.nanoTime() + CHURN_PHASE.toNanos();
		while (System.nanoTime() < end) {
			int action = random.nextInt(6);
			if (writers.size() < 3 || action < 2) {
				writers.add(this.launcher.writer(this.wrappersDir));
			}
			else if (action == 2) {
				writers.remove(random.nextInt(writers.size())).destroy();
			}
			else if (action == 3) {
				writers.remove(random.nextInt(writers.size())).destroyForcibly();
			}
			else if (action == 4) {
				assertThat(client.post("/actuator/presence", "{\"cleanup\": true}").statusCode()).isEqualTo(200);
			}
			Thread.sleep(1500);
		}
	}

	/** One open stream, read on its own thread, remembering when each line came. */
	private static final class StreamReader {

		final List<String> lines = new CopyOnWriteArrayList<>();

		final List<Long> arrivals = new CopyOnWriteArrayList<>();

		final Thread thread;

		volatile boolean ended;

		private StreamReader(HttpResponse<Stream<String>> response) {
			assertThat(response.statusCode()).isEqualTo(200);
			this.arrivals.add(System.nanoTime());
			this.thread = new Thread(() -> read(response.body()), "stream-reader");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		static StreamReader open(ServiceClient client) throws Exception {
			return new StreamReader(client.events("/presence/stream"));
		}

		private void read(Stream<String> body) {
			try (body) {
				body.filter((line) -> !line.isEmpty()).forEach((line) -> {
					this.arrivals.add(System.nanoTime());
					this.lines.add(isSnapshot(line) ? "data-state:" + state(line) : line);
				});
			}
			catch (UncheckedIOException ex) {
				// The connection broke: the stream ended all the same.
			}
			this.ended = true;
		}

		// The data of a presence event is a snapshot; a history event's is one event.
		private boolean isSnapshot(String line) {
			return line.startsWith("data:") && !this.lines.isEmpty()
					&& this.lines.get(this.lines.size() - 1).equals("event:presence");
		}

		private static String state(String data) {
			try {
				return ServiceClient.JSON.readTree(data.substring("data:".length())).path("state").stringValue();
			}
			catch (RuntimeException ex) {
				throw new UncheckedIOException(new IOException("not a snapshot: " + data, ex));
			}
		}

		Duration longestSilence() {
			List<Long> times = new ArrayList<>(this.arrivals);
			times.add(System.nanoTime());
			long longest = 0;
			for (int i = 1; i < times.size(); i++) {
				longest = Math.max(longest, times.get(i) - times.get(i - 1));
			}
			return Duration.ofNanos(longest);
		}

	}

}
