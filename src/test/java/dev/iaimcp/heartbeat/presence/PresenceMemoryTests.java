package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.runner.ScanRunner;
import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFixture;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PresenceMemoryTests {

	private static final Instant START = Instant.parse("2026-05-02T15:00:00Z");

	private static final Duration DROWSY_AFTER = Duration.ofSeconds(300);

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(1800);

	private final HeartbeatFixture fixture = HeartbeatFixture.onJimfs(START)
		.settings((settings) -> settings.cleanupEnabled(false));

	private final MutableClock clock = this.fixture.clock();

	private final PresenceStateFile store = new PresenceStateFile(PresenceStateFile.beside(this.fixture.dir()),
			this.clock);

	private final List<Object> events = new ArrayList<>();

	private final Path wrappersDir = this.fixture.dir();

	private final HeartbeatScanner scanner = this.fixture.scanner();

	private ScanRunner runner;

	private PresenceMemory memory = start();

	@BeforeEach
	void liveProcess() {
		this.fixture.probe().alive(100);
	}

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void transitionIsPublishedAsAnEventCarryingTheSnapshot() {
		scanAt(START, false);
		PresenceSnapshot drowsy = scanAt(START.plus(DROWSY_AFTER), false);
		assertThat(changes()).last().isEqualTo(new PresenceChangedEvent(PresenceState.ABSENT, drowsy));
		assertThat(drowsy.state()).isEqualTo(PresenceState.DROWSY);
		assertThat(drowsy.since()).isEqualTo(START.plus(DROWSY_AFTER));
	}

	@Test
	void theFirstScanIsATransitionFromUnknownSoThatStreamReadersLearnTheState() {
		PresenceSnapshot first = scanAt(START, false);
		assertThat(changes()).singleElement().isEqualTo(new PresenceChangedEvent(PresenceState.UNKNOWN, first));
		assertThat(first.state()).isEqualTo(PresenceState.ABSENT);
		assertThat(first.since()).isEqualTo(START);
	}

	@Test
	void transitionIsLoggedOnceAtInfo(CapturedOutput output) {
		scanAt(START, false);
		scanAt(START.plus(DROWSY_AFTER), false);
		scanAt(START.plus(DROWSY_AFTER).plusSeconds(30), false);
		assertThat(output.toString().lines().filter((line) -> line.contains("Presence ABSENT -> DROWSY")))
			.singleElement()
			.asString()
			.contains("INFO", "since 2026-05-02T15:05:00Z");
		assertThat(output.toString().lines().filter((line) -> line.contains("Presence "))).hasSize(2);
	}

	@Test
	void scansWithoutATransitionPublishNothing() {
		scanAt(START.plusSeconds(30), false);
		scanAt(START.plusSeconds(60), false);
		scanAt(START.plusSeconds(90), false);
		assertThat(changes()).hasSize(1);
	}

	@Test
	void everyTransitionIsPublishedInOrder() {
		scanAt(START, false);
		scanAt(START.plusSeconds(30), true);
		scanAt(START.plusSeconds(60), false);
		scanAt(START.plusSeconds(30).plus(DROWSY_AFTER), false);
		scanAt(START.plusSeconds(30).plus(IDLE_WINDOW), false);
		scanAt(START.plus(IDLE_WINDOW).plusSeconds(60), true);
		assertThat(changes()).map((change) -> change.snapshot().state())
			.containsExactly(PresenceState.ABSENT, PresenceState.ACTIVE, PresenceState.ABSENT, PresenceState.DROWSY,
					PresenceState.IDLE, PresenceState.ACTIVE);
	}

	@Test
	void firstStartIsRememberedAtTheFirstScan() {
		scanAt(START.plusSeconds(1), false);
		assertThat(this.store.load()).contains(PresenceRecord.firstStart(START));
	}

	@Test
	void unchangedStateIsNotRewrittenOnEveryTick() throws IOException {
		scanAt(START.plus(IDLE_WINDOW), false);
		Files.delete(stateFile());
		scanAt(START.plus(IDLE_WINDOW).plusSeconds(30), false);
		scanAt(START.plus(IDLE_WINDOW).plusSeconds(60), false);
		assertThat(stateFile()).doesNotExist();
	}

	@Test
	void whileSomeoneIsHereTheSightingIsCheckpointedEveryFiveMinutes() throws IOException {
		scanAt(START.plusSeconds(1), true);
		Files.delete(stateFile());
		Instant lastTickBeforeCheckpoint = START.plusSeconds(1)
			.plus(PresenceMemory.CHECKPOINT_WHILE_PRESENT)
			.minusSeconds(1);
		scanAt(lastTickBeforeCheckpoint, true);
		assertThat(stateFile()).doesNotExist();
		scanAt(lastTickBeforeCheckpoint.plusSeconds(1), true);
		assertThat(this.store.load()).hasValueSatisfying(
				(memory) -> assertThat(memory.lastFreshAt()).isEqualTo(lastTickBeforeCheckpoint.plusSeconds(1)));
	}

	@Test
	void lastSightingIsSavedWhenTheLastWrapperLeaves() {
		scanAt(START.plusSeconds(1), true);
		scanAt(START.plusSeconds(31), true);
		scanAt(START.plusSeconds(61), false);
		assertThat(this.store.load()).hasValueSatisfying((memory) -> {
			assertThat(memory.state()).isEqualTo(PresenceState.ABSENT);
			assertThat(memory.lastFreshAt()).isEqualTo(START.plusSeconds(31));
		});
	}

	@Test
	void shutdownSavesTheLatestSighting() {
		scanAt(START.plusSeconds(1), true);
		scanAt(START.plusSeconds(31), true);
		this.memory.destroy();
		assertThat(this.store.load())
			.hasValueSatisfying((memory) -> assertThat(memory.lastFreshAt()).isEqualTo(START.plusSeconds(31)));
	}

	@Test
	void restartAfterTwentyIdleMinutesIsIdleTenMinutesLater() {
		Instant lastSeen = START.plusSeconds(30);
		scanAt(lastSeen, true);
		scanAt(lastSeen.plusSeconds(30), false);
		this.memory.destroy();
		this.clock.set(lastSeen.plus(Duration.ofMinutes(20)));
		this.memory = start();
		assertThat(scanAt(this.clock.instant(), false).state()).isEqualTo(PresenceState.DROWSY);
		assertThat(scanAt(lastSeen.plus(Duration.ofMinutes(30)).minusMillis(1), false).state())
			.isEqualTo(PresenceState.DROWSY);
		PresenceSnapshot idle = scanAt(lastSeen.plus(Duration.ofMinutes(30)), false);
		assertThat(idle.state()).isEqualTo(PresenceState.IDLE);
		assertThat(idle.idle()).isTrue();
		assertThat(idle.lastFreshAt()).isEqualTo(lastSeen);
	}

	@Test
	void restartWithoutAnyWrapperEverSeenCountsFromTheFirstStart() {
		scanAt(START.plusSeconds(1), false);
		this.clock.set(START.plus(Duration.ofMinutes(20)));
		this.memory = start();
		assertThat(scanAt(START.plus(IDLE_WINDOW), false).state()).isEqualTo(PresenceState.IDLE);
	}

	@Test
	void restartWithACorruptStateFileStartsAfresh() throws IOException {
		Files.writeString(stateFile(), "{\"state\":");
		this.clock.set(START.plus(Duration.ofMinutes(20)));
		this.memory = start();
		assertIdleOnlyAfterAFullWindowFromTheRestart();
	}

	@Test
	void restartWithAFutureDatedStateFileStartsAfresh() {
		Instant tomorrow = START.plus(Duration.ofDays(1));
		this.store.save(new PresenceRecord(PresenceState.IDLE, tomorrow, tomorrow, tomorrow));
		this.clock.set(START.plus(Duration.ofMinutes(20)));
		this.memory = start();
		assertIdleOnlyAfterAFullWindowFromTheRestart();
	}

	private void assertIdleOnlyAfterAFullWindowFromTheRestart() {
		Instant restart = this.clock.instant();
		PresenceSnapshot first = scanAt(restart, false);
		assertThat(first.state()).isEqualTo(PresenceState.ABSENT);
		assertThat(first.since()).isEqualTo(restart);
		assertThat(first.lastFreshAt()).isNull();
		assertThat(scanAt(restart.plus(IDLE_WINDOW).minusMillis(1), false).state()).isEqualTo(PresenceState.DROWSY);
		assertThat(scanAt(restart.plus(IDLE_WINDOW), false).state()).isEqualTo(PresenceState.IDLE);
	}

	private PresenceMemory start() {
		PresenceRecord remembered = this.store.load().orElse(null);
		PresenceStateMachine machine = new PresenceStateMachine(DROWSY_AFTER, IDLE_WINDOW, this.clock, remembered);
		PresenceMemory memory = new PresenceMemory(machine, this.store, remembered);
		this.runner = new ScanRunner(this.scanner, this.fixture.settings(), this.clock, memory,
				new LatestPresence(this.clock.instant()), this.events::add);
		return memory;
	}

	private PresenceSnapshot scanAt(Instant at, boolean fresh) {
		this.clock.set(at);
		Path heartbeat = HeartbeatFiles.write(this.wrappersDir, 100, "u", at);
		if (!fresh) {
			deleteQuietly(heartbeat);
		}
		return this.runner.scanNow(false);
	}

	private List<PresenceChangedEvent> changes() {
		return this.events.stream()
			.filter(PresenceChangedEvent.class::isInstance)
			.map(PresenceChangedEvent.class::cast)
			.toList();
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.delete(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path stateFile() {
		return PresenceStateFile.beside(this.fixture.dir());
	}

}
