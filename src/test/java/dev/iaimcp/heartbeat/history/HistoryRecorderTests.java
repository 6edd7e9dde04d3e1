package dev.iaimcp.heartbeat.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.scheduling.TaskScheduler;

import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.runner.ScanCompletedEvent;
import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.runner.ScanRunners;
import dev.iaimcp.heartbeat.scan.ScanLimits;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * What the history says happened, from the scans the service runs: on jimfs, with a clock
 * and a process table the test moves.
 */
class HistoryRecorderTests {

	private static final Instant START = Instant.parse("2026-12-06T16:00:00Z");

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START);

	private final MutableClock clock = this.fixture.clock();

	private final FakeProcessProbe probe = this.fixture.probe();

	private final PresenceHistory history = new PresenceHistory();

	private final List<Object> published = new ArrayList<>();

	private final List<ScanCompletedEvent> scans = new ArrayList<>();

	private final HistoryFile file = HistoryFile.beside(this.fixture.dir(), this.clock);

	private final TaskScheduler scheduler = mock(TaskScheduler.class);

	private HistoryRecorder recorder = recorder();

	private ScanRunner runner;

	@BeforeEach
	void schedulerClock() {
		given(this.scheduler.getClock()).willReturn(this.clock);
	}

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void aWrapperFirstSeenFreshArrivesOnceWithItsPidUuidAndFile() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		scan();
		assertThat(events(HistoryKind.WRAPPER_ARRIVED)).singleElement()
			.extracting(HistoryEvent::at, HistoryEvent::pid, HistoryEvent::uuid, HistoryEvent::file)
			.containsExactly(START, 4242L, "aaaa-1", "heartbeat-4242-aaaa-1.json");
	}

	@Test
	void aWrapperThatRemovesItsOwnFileDepartsCleanly() throws Exception {
		this.probe.alive(4242);
		Path file = this.fixture.write(4242, "aaaa-1", START);
		scan();
		Files.delete(file);
		this.clock.advance(Duration.ofMinutes(3));
		scan();
		assertThat(events(HistoryKind.WRAPPER_DEPARTED)).singleElement()
			.extracting(HistoryEvent::pid, HistoryEvent::reason, HistoryEvent::detail)
			.containsExactly(4242L, DepartureReason.FILE_REMOVED, "here for 3 min");
	}

	@Test
	void aWrapperWhoseProcessEndedDepartsWithThatReason() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.probe.dies(4242);
		scan();
		assertThat(events(HistoryKind.WRAPPER_DEPARTED)).singleElement()
			.extracting(HistoryEvent::reason, HistoryEvent::detail)
			.containsExactly(DepartureReason.PROCESS_ENDED, "pid 4242 is not running; here for 0 s");
	}

	@Test
	void aWrapperThatStopsRefreshingWhileItsProcessLivesWentStale() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.clock.advance(Duration.ofMinutes(2));
		scan();
		assertThat(events(HistoryKind.WRAPPER_DEPARTED)).singleElement()
			.extracting(HistoryEvent::reason)
			.isEqualTo(DepartureReason.WENT_STALE);
	}

	@Test
	void aWrapperWhosePidNowNamesAnotherProcessDepartsWithPidReused() {
		this.probe.startedAgo(4242, Duration.ofMinutes(10));
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.probe.dies(4242).startedAgo(4242, Duration.ofSeconds(5));
		scan();
		assertThat(events(HistoryKind.WRAPPER_DEPARTED)).singleElement()
			.extracting(HistoryEvent::reason)
			.isEqualTo(DepartureReason.PID_REUSED);
	}

	@Test
	void aWrapperThatComesBackArrivesAgainAndSaysFromWhat() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.clock.advance(Duration.ofMinutes(2));
		scan();
		this.fixture.write(4242, "aaaa-1", this.clock.instant());
		scan();
		assertThat(events(HistoryKind.WRAPPER_ARRIVED)).extracting(HistoryEvent::detail)
			.containsExactly(null, "back after STALE");
	}

	@Test
	void eachDeletionOfACleanupIsRecordedWithTheScanThatDidIt() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.probe.dies(4242);
		this.fixture.write(777, "bbbb-2", START);
		scanWithCleanup();
		assertThat(this.history.events(null, 100))
			.extracting(HistoryEvent::kind, HistoryEvent::pid, HistoryEvent::reason)
			.containsSubsequence(tuple(HistoryKind.WRAPPER_DEPARTED, 4242L, DepartureReason.PROCESS_ENDED),
					tuple(HistoryKind.FILE_CLEANED_UP, 4242L, DepartureReason.CLEANED_UP));
		assertThat(events(HistoryKind.FILE_CLEANED_UP)).extracting(HistoryEvent::detail)
			.containsExactlyInAnyOrder("by a request: ORPHAN, pid 4242 is not running",
					"by a request: ORPHAN, pid 777 is not running");
	}

	@Test
	void aCleanupByTheTickSaysSo() {
		this.fixture.write(777, "bbbb-2", START);
		scanWithCleanup();
		ScanCompletedEvent byRequest = this.scans.get(0);
		this.recorder = recorder();
		this.recorder.onScanCompleted(new ScanCompletedEvent(byRequest.scan(), byRequest.cleanup(),
				byRequest.transition(), ScanCompletedEvent.AskedBy.TICK));
		assertThat(events(HistoryKind.FILE_CLEANED_UP)).extracting(HistoryEvent::detail)
			.contains("by the tick: ORPHAN, pid 777 is not running");
	}

	@Test
	void presenceTransitionsAreRecordedWithWhenTheStateBegan() {
		this.probe.alive(4242);
		Path file = this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.clock.advance(Duration.ofSeconds(30));
		scan();
		this.probe.dies(4242);
		this.clock.advance(Duration.ofSeconds(30));
		scan();
		assertThat(events(HistoryKind.PRESENCE_CHANGED))
			.extracting(HistoryEvent::at, HistoryEvent::from, HistoryEvent::to, HistoryEvent::detail)
			.containsExactly(tuple(START, PresenceState.UNKNOWN, PresenceState.ACTIVE, null),
					tuple(START.plusSeconds(60), PresenceState.ACTIVE, PresenceState.ABSENT,
							"since " + START.plusSeconds(30)));
		assertThat(file).exists();
	}

	@Test
	void aScanThatSeesManyArrivalsRecordsAFewAndCountsTheRest() {
		int wrappers = ScanHistory.EVENTS_PER_KIND_PER_SCAN + 5;
		for (int pid = 1; pid <= wrappers; pid++) {
			this.probe.alive(pid);
			this.fixture.write(pid, "uuid-" + pid, START);
		}
		scan();
		assertThat(events(HistoryKind.WRAPPER_ARRIVED)).hasSize(ScanHistory.EVENTS_PER_KIND_PER_SCAN);
		assertThat(events(HistoryKind.EVENTS_OMITTED)).singleElement()
			.extracting(HistoryEvent::detail)
			.isEqualTo("not recorded one by one: 5 WRAPPER_ARRIVED");
	}

	@Test
	void aWrapperLeftOutOfAScanThatKeptOnlySomeHeartbeatsHasNotDeparted() {
		this.fixture.limits(new ScanLimits(1, 1));
		this.probe.alive(1).alive(2);
		this.fixture.write(1, "one", START);
		scan();
		this.fixture.write(2, "two", START);
		scan();
		scan();
		assertThat(events(HistoryKind.WRAPPER_DEPARTED)).isEmpty();
	}

	@Test
	void aRestartIsNoArrivalOfTheWrappersStillHere() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.recorder = recorder();
		scan();
		assertThat(events(HistoryKind.WRAPPER_ARRIVED)).hasSize(1);
	}

	@Test
	void theServiceStartAndStopAreRecordedOnlyWhenItStarted() {
		this.recorder.destroy();
		assertThat(this.history.size()).isZero();
		this.recorder.start();
		this.clock.advance(Duration.ofMinutes(1));
		this.recorder.destroy();
		assertThat(this.history.events(null, 10)).extracting(HistoryEvent::kind, HistoryEvent::at)
			.containsExactly(tuple(HistoryKind.SERVICE_STARTED, START),
					tuple(HistoryKind.SERVICE_STOPPED, START.plusSeconds(60)));
	}

	@Test
	void eachBatchIsAnnouncedOnceAndAQuietScanAnnouncesNothing() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		scan();
		assertThat(this.published).filteredOn(HistoryRecordedEvent.class::isInstance)
			.singleElement()
			.extracting((event) -> ((HistoryRecordedEvent) event).events())
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.extracting("kind")
			.containsExactly(HistoryKind.WRAPPER_ARRIVED, HistoryKind.PRESENCE_CHANGED);
	}

	@Test
	void eventsAreSavedOnceForABurstOfScansAndAQuietServiceWritesNothing() throws Exception {
		this.recorder.start();
		this.probe.alive(4242).alive(4343);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.fixture.write(4343, "bbbb-2", START);
		scan();
		ArgumentCaptor<Runnable> save = ArgumentCaptor.forClass(Runnable.class);
		then(this.scheduler).should(times(1)).schedule(save.capture(), eq(START.plus(HistoryRecorder.SAVE_DELAY)));
		assertThat(this.file.path()).doesNotExist();
		save.getValue().run();
		assertThat(this.file.load()).isEqualTo(this.history.events(null, PresenceHistory.CAPACITY));
		Instant saved = Files.getLastModifiedTime(this.file.path()).toInstant();
		scan();
		scan();
		then(this.scheduler).should(times(1)).schedule(any(Runnable.class), any(Instant.class));
		assertThat(Files.getLastModifiedTime(this.file.path()).toInstant()).isEqualTo(saved);
	}

	@Test
	void theStopIsSavedAtOnceAndTheNextStartRestoresAll() {
		this.recorder.start();
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.recorder.destroy();
		PresenceHistory restored = new PresenceHistory();
		restored.restore(this.file.load());
		assertThat(restored.events(null, 100)).extracting(HistoryEvent::kind)
			.containsExactly(HistoryKind.SERVICE_STARTED, HistoryKind.WRAPPER_ARRIVED, HistoryKind.PRESENCE_CHANGED,
					HistoryKind.SERVICE_STOPPED);
	}

	@Test
	void aStartAfterARunThatNeverRecordedItsStopSaysSo() {
		this.history.record(HistoryEvent.serviceStarted(START.minusSeconds(600)));
		this.recorder = recorder();
		this.recorder.start();
		assertThat(this.history.events(null, 1)).singleElement()
			.extracting(HistoryEvent::detail)
			.isEqualTo("the run before ended without recording its stop (killed or crashed)");
	}

	@Test
	void aServiceThatNeverStartedSchedulesNoSave() {
		this.probe.alive(4242);
		this.fixture.write(4242, "aaaa-1", START);
		scan();
		this.recorder.destroy();
		then(this.scheduler).should(never()).schedule(any(Runnable.class), any(Instant.class));
		assertThat(this.file.path()).doesNotExist();
	}

	private void scan() {
		runner().scanNow(false);
	}

	private void scanWithCleanup() {
		runner().scanNow(true);
	}

	private ScanRunner runner() {
		if (this.runner == null) {
			this.runner = ScanRunners.create(this.fixture, System::nanoTime, (event) -> {
				if (event instanceof ScanCompletedEvent completed) {
					this.scans.add(completed);
					this.recorder.onScanCompleted(completed);
				}
			});
		}
		return this.runner;
	}

	private HistoryRecorder recorder() {
		return new HistoryRecorder(this.history, this.file, this.clock, this.scheduler, this.published::add);
	}

	private List<HistoryEvent> events(HistoryKind kind) {
		return this.history.events(null, PresenceHistory.CAPACITY)
			.stream()
			.filter((event) -> event.kind() == kind)
			.toList();
	}

}
