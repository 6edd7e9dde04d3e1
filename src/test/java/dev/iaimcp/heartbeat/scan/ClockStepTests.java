package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wall clock that steps, forward or back, by a little or a lot, before or after the
 * service first sees a wrapper, against a kernel clock that only moves as time passes.
 * The writer behaves as the real one: {@code started_at} once, {@code last_refresh} every
 * {@link WrapperHeartbeat#REFRESH_INTERVAL}, both from the wall clock of the moment.
 */
class ClockStepTests {

	private static final Instant BOOT = Instant.parse("2026-05-02T08:00:00Z");

	private static final long PID = 100;

	private static final Duration REFRESH = WrapperHeartbeat.REFRESH_INTERVAL;

	private static final Duration THRESHOLD = Duration.ofSeconds(90);

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final MutableClock wall = new MutableClock(BOOT);

	private final FakeProcessProbe kernel = new FakeProcessProbe();

	private final List<HeartbeatStatus> seen = new ArrayList<>();

	private Instant startedAt;

	private HeartbeatScanner service;

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	static Stream<Arguments> stepsAndWriterAges() {
		List<Duration> steps = Stream.of(5, 60, 120, 3 * 3600)
			.flatMap((seconds) -> Stream.of(Duration.ofSeconds(seconds), Duration.ofSeconds(-seconds)))
			.toList();
		return steps.stream()
			.flatMap((step) -> Stream.of(Duration.ofSeconds(10), Duration.ofHours(2))
				.map((writerAge) -> Arguments.of(step, writerAge)));
	}

	static Stream<Arguments> forwardStepsAndWriterAges() {
		return stepsAndWriterAges().filter((arguments) -> !((Duration) arguments.get()[0]).isNegative());
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("stepsAndWriterAges")
	void stepAfterTheServiceSawTheWrapperLeavesItFreshThroughout(Duration step, Duration writerAge) throws IOException {
		seenThenStepped(step, writerAge, false);
		assertThat(this.seen).containsOnly(HeartbeatStatus.FRESH);
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("stepsAndWriterAges")
	void aScanThatCouldNotListTheDirectoryForgetsNoWrapperSeenBefore(Duration step, Duration writerAge)
			throws IOException {
		seenThenStepped(step, writerAge, true);
		assertThat(this.seen).containsOnly(HeartbeatStatus.FRESH);
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("stepsAndWriterAges")
	void stepBeforeTheServiceStartedNeverMakesTheWrapperOrphan(Duration step, Duration writerAge) {
		writerStarts();
		writerRuns(writerAge);
		passes(Duration.ofSeconds(10));
		steps(step);
		serviceStarts();
		writerRuns(Duration.ofMinutes(2));
		assertThat(this.seen).doesNotContain(HeartbeatStatus.ORPHAN).endsWith(HeartbeatStatus.FRESH);
		if (step.compareTo(THRESHOLD.minusSeconds(10)) <= 0) {
			assertThat(this.seen).containsOnly(HeartbeatStatus.FRESH);
		}
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("stepsAndWriterAges")
	void stepWhileTheWrapperRanBeforeTheServiceStartedNeverMakesItOrphan(Duration step, Duration writerAge) {
		writerStarts();
		passes(Duration.ofSeconds(5));
		steps(step);
		writerRuns(writerAge);
		passes(Duration.ofSeconds(10));
		serviceStarts();
		writerRuns(Duration.ofMinutes(2));
		assertThat(this.seen).containsOnly(HeartbeatStatus.FRESH);
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("stepsAndWriterAges")
	void pidReusedAfterTheServiceSawTheWrapperIsOrphanWhateverTheClockDid(Duration step, Duration writerAge) {
		writerStarts();
		serviceStarts();
		writerRuns(writerAge);
		passes(Duration.ofSeconds(5));
		this.kernel.dies(PID).startedAgo(PID, Duration.ZERO);
		passes(Duration.ofSeconds(3));
		steps(step);
		scan();
		assertThat(this.seen).last()
			.isEqualTo(
					(step.compareTo(THRESHOLD.minusSeconds(8)) > 0) ? HeartbeatStatus.STALE : HeartbeatStatus.ORPHAN);
	}

	@ParameterizedTest(name = "step {0}, writer {1} old")
	@MethodSource("forwardStepsAndWriterAges")
	void pidReusedBeforeTheServiceStartedIsOrphanAfterAForwardStep(Duration step, Duration writerAge) {
		writerStarts();
		writerRuns(writerAge);
		passes(Duration.ofSeconds(5));
		this.kernel.dies(PID).startedAgo(PID, Duration.ZERO);
		passes(Duration.ofSeconds(3));
		steps(step);
		serviceStarts();
		assertThat(this.seen).last()
			.isEqualTo(
					(step.compareTo(THRESHOLD.minusSeconds(8)) > 0) ? HeartbeatStatus.STALE : HeartbeatStatus.ORPHAN);
	}

	@Test
	void backwardStepBeforeTheServiceStartedHidesAPidReuseUntilTheHeartbeatIsStale() {
		writerStarts();
		writerRuns(Duration.ofHours(2));
		passes(Duration.ofSeconds(5));
		this.kernel.dies(PID).startedAgo(PID, Duration.ZERO);
		passes(Duration.ofSeconds(3));
		steps(Duration.ofSeconds(-120));
		serviceStarts();
		passes(THRESHOLD);
		scan();
		passes(Duration.ofSeconds(1));
		scan();
		assertThat(this.seen).containsExactly(HeartbeatStatus.FRESH, HeartbeatStatus.FRESH, HeartbeatStatus.STALE);
	}

	private void writerStarts() {
		this.kernel.startedAgo(PID, Duration.ZERO);
		this.startedAt = this.wall.instant();
		refresh();
	}

	/**
	 * The writer refreshes for this long; the service, if running, scans after each
	 * refresh.
	 */
	private void writerRuns(Duration duration) {
		for (Duration left = duration; !left.isNegative() && !left.isZero(); left = left.minus(REFRESH)) {
			passes((left.compareTo(REFRESH) < 0) ? left : REFRESH);
			refresh();
			if (this.service != null) {
				scan();
			}
		}
	}

	/**
	 * The service sees the wrapper, then the wall clock steps; the service scans around
	 * the step and the wrapper runs on for two minutes.
	 */
	private void seenThenStepped(Duration step, Duration writerAge, boolean listingFailsBeforeTheStep)
			throws IOException {
		writerStarts();
		serviceStarts();
		writerRuns(writerAge);
		passes(Duration.ofSeconds(5));
		if (listingFailsBeforeTheStep) {
			listingFailsOnce();
		}
		passes(Duration.ofSeconds(5));
		steps(step);
		scan();
		passes(Duration.ofSeconds(10));
		scan();
		writerRuns(Duration.ofMinutes(2));
	}

	// The path is briefly not a directory, as when it is being replaced.
	private void listingFailsOnce() throws IOException {
		Path aside = this.dir.resolveSibling("aside");
		Files.move(this.dir, aside);
		Files.createFile(this.dir);
		assertThat(this.service.scan(ScanObserver.NONE).listed()).isFalse();
		Files.delete(this.dir);
		Files.move(aside, this.dir);
	}

	private void serviceStarts() {
		this.service = new HeartbeatScanner(this.dir, THRESHOLD, this.kernel, this.wall, null);
		scan();
	}

	private void refresh() {
		HeartbeatFiles.write(this.dir, PID, "u", this.startedAt, this.wall.instant());
	}

	private void passes(Duration duration) {
		this.wall.advance(duration);
		this.kernel.elapse(duration);
	}

	private void steps(Duration step) {
		this.wall.advance(step);
	}

	private void scan() {
		this.seen.add(this.service.scan(ScanObserver.NONE).entries().get(0).status());
	}

}
