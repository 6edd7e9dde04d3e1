package dev.iaimcp.heartbeat.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the native watch rescans, on a made-up timeline in milliseconds: the watching
 * thread's loop played over changes at given moments, each rescan taking a given time.
 */
class RescanPacingTests {

	private static final long MIN_SPACING = 100;

	private static final long MAX_SPACING = 1_000;

	private final RescanPacing pacing = new RescanPacing(Duration.ofMillis(MIN_SPACING),
			Duration.ofMillis(MAX_SPACING));

	@Test
	void firstChangeIsRescannedAtOnce() {
		assertThat(rescansAt(List.of(5_000L), 1)).containsExactly(5_000L);
	}

	@Test
	void firstChangeAfterAQuietSpellIsRescannedAtOnce() {
		assertThat(rescansAt(List.of(0L, 400L, 900L), 1)).containsExactly(0L, 400L, 900L);
	}

	@Test
	void burstWithinTheSpacingCostsOneRescanAtOnceAndOneMore() {
		List<Long> burst = LongStream.range(0, 100).boxed().toList();
		assertThat(rescansAt(burst, 1)).containsExactly(0L, 101L);
	}

	@Test
	void changesWhileARescanRunsCostExactlyOneMoreAfterIt() {
		assertThat(rescansAt(List.of(0L, 10L, 20L, 30L, 49L), 50)).containsExactly(0L, 150L);
	}

	@Test
	void changeRightAfterARescanWaitsOnlyForTheSpacing() {
		assertThat(rescansAt(List.of(0L, 30L), 1)).containsExactly(0L, 101L);
	}

	@Test
	void stormOfWritesSettlesAtOneRescanPerMaximumSpacing() {
		List<Long> storm = LongStream.range(0, 20_000).boxed().toList();
		List<Long> rescans = rescansAt(storm, 2);
		assertThat(rescans.stream().filter((at) -> at >= 10_000 && at < 20_000)).hasSizeBetween(9, 10);
	}

	@Test
	void slowRescansLeaveTheSpacingFreeAfterEach() {
		List<Long> storm = LongStream.range(0, 20_000).boxed().toList();
		List<Long> rescans = rescansAt(storm, 800);
		// Each 800 ms rescan is followed by a second's rest: 1.8 s apart.
		assertThat(rescans.stream().filter((at) -> at >= 10_000 && at < 20_000)).hasSizeBetween(5, 6);
	}

	@Test
	void quietSpellAfterAStormBringsTheLeadingEdgeBack() {
		List<Long> changes = new ArrayList<>(LongStream.range(0, 5_000).boxed().toList());
		changes.add(7_000L);
		assertThat(rescansAt(changes, 1)).contains(7_000L);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 20, 99, 100, 101, 150, 250 })
	void noSteadyStreamOfChangesCostsMoreThanOneRescanPerMinimumSpacing(long period) {
		List<Long> changes = LongStream.iterate(0, (at) -> at < 10_000, (at) -> at + period).boxed().toList();
		assertThat(rescansAt(changes, 1)).hasSizeLessThanOrEqualTo((int) (10_000 / MIN_SPACING) + 1);
	}

	@Test
	void nothingIsOwedWithoutAChange() {
		assertThat(this.pacing.nanosUntilRescan(0)).isEqualTo(RescanPacing.NONE);
	}

	/**
	 * Plays the watching thread: a change that comes while a rescan runs is taken in as
	 * it ends (the watch service queues it).
	 */
	private List<Long> rescansAt(List<Long> changes, long rescanMillis) {
		List<Long> rescans = new ArrayList<>();
		long now = 0;
		int next = 0;
		while (true) {
			long wait = this.pacing.nanosUntilRescan(nanos(now));
			if (wait == 0) {
				rescans.add(now);
				this.pacing.rescanStarting();
				now += rescanMillis;
				this.pacing.rescanEnded(nanos(now));
				continue;
			}
			if (next == changes.size()) {
				if (wait == RescanPacing.NONE) {
					return rescans;
				}
				now += millis(wait);
				continue;
			}
			long changeAt = Math.max(now, changes.get(next));
			if (wait == RescanPacing.NONE || changeAt <= now + millis(wait)) {
				now = changeAt;
				this.pacing.changed(nanos(now));
				next++;
			}
			else {
				now += millis(wait);
			}
		}
	}

	private static long nanos(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
