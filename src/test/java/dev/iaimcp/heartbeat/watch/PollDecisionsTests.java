package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the poll rescans, fed stamps and times by hand: what HFS+'s whole-second times and
 * a coarse clock could hide, and what a burst costs.
 */
class PollDecisionsTests {

	private static final Duration POLL = Duration.ofMillis(250);

	private static final Instant SECOND = Instant.parse("2026-05-02T15:00:07Z");

	private final PollDecisions decisions = new PollDecisions(Duration.ofSeconds(1));

	private long nanos;

	private Instant now = SECOND.plusMillis(900);

	@Test
	void changeIsRescannedOnceThePollAfterItFindsNoFurtherChange() {
		DirectoryStamp before = stamp(SECOND.minusSeconds(60), 3, 96);
		DirectoryStamp after = stamp(SECOND.minusSeconds(30), 4, 128);
		assertThat(poll(before)).isFalse();
		assertThat(poll(after)).isFalse();
		assertThat(poll(after)).isTrue();
		assertThat(poll(after)).isFalse();
	}

	@Test
	void streamOfChangesIsRescannedAtMostOneSecondAfterItsFirst() {
		poll(stamp(SECOND.minusSeconds(60), 3, 96));
		int rescans = 0;
		DirectoryStamp latest = null;
		for (int i = 1; i <= 8; i++) {
			latest = stamp(SECOND.minusSeconds(60 - i), 3 + i, 96 + 32 * i);
			rescans += poll(latest) ? 1 : 0;
		}
		assertThat(rescans).as("one rescan in two seconds of changes every poll").isEqualTo(1);
		assertThat(poll(latest)).as("and one when they stop").isTrue();
	}

	@Test
	void entryCreatedWithinTheSameWholeSecondIsSeenByTheLinkCount() {
		// HFS+ keeps whole seconds: both polls read 15:00:07 as the modification time.
		assertThat(poll(stamp(SECOND, 3, 102))).isFalse();
		assertThat(poll(stamp(SECOND, 4, 136))).isFalse();
		assertThat(poll(stamp(SECOND, 4, 136))).isTrue();
	}

	@Test
	void refreshWithinTheSameWholeSecondIsRescannedOnceTheSecondHasPassed() {
		// A rename over an existing heartbeat keeps the count; in the same second the time too.
		DirectoryStamp sameSecond = stamp(SECOND, 4, 136);
		this.now = SECOND.plusMillis(300);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(550);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(1800);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(2050);
		assertThat(poll(sameSecond)).as("the granule has passed: any hidden change would show now").isTrue();
		this.now = SECOND.plusMillis(2300);
		assertThat(poll(sameSecond)).isFalse();
	}

	@Test
	void stampReadLongAfterItsTimeHidesNothingAndCostsNoRescan() {
		DirectoryStamp settled = stamp(SECOND.minusSeconds(60), 4, 136);
		for (int i = 0; i < 20; i++) {
			assertThat(poll(settled)).isFalse();
		}
	}

	@Test
	void fineTimesAreTrustedAfterFiftyMilliseconds() {
		Instant modified = SECOND.plusMillis(123);
		this.now = modified.plusMillis(10);
		assertThat(poll(stamp(modified, 3, 4096))).isFalse();
		this.now = modified.plusMillis(260);
		assertThat(poll(stamp(modified, 3, 4096))).as("one confirming rescan").isTrue();
		this.now = modified.plusMillis(510);
		assertThat(poll(stamp(modified, 3, 4096))).isFalse();
	}

	@Test
	void directoryAtThePathReplacedByAnotherIsAChangeEvenWithTheSameTimes() {
		poll(new DirectoryStamp("inode 1", SECOND.minusSeconds(60), 2, 64, null));
		poll(new DirectoryStamp("inode 2", SECOND.minusSeconds(60), 2, 64, null));
		assertThat(poll(new DirectoryStamp("inode 2", SECOND.minusSeconds(60), 2, 64, null))).isTrue();
	}

	@Test
	void directoryVanishingAndAppearingAreChanges() {
		DirectoryStamp missing = new DirectoryStamp(null, null, -1, -1, "missing");
		DirectoryStamp present = stamp(SECOND.minusSeconds(60), 2, 64);
		poll(present);
		poll(missing);
		assertThat(poll(missing)).isTrue();
		poll(present);
		assertThat(poll(present)).isTrue();
	}

	@Test
	void stampOfARealDirectoryChangesWithItsEntriesAndIdentity(@TempDir Path root) throws IOException {
		Path dir = Files.createDirectory(root.resolve("wrappers"));
		DirectoryStamp empty = DirectoryStamp.of(dir);
		assertThat(empty.links()).as("read through the unix view").isGreaterThanOrEqualTo(2);
		Files.writeString(dir.resolve("heartbeat-1-u.json"), "{}");
		assertThat(DirectoryStamp.of(dir)).isNotEqualTo(empty);
		Files.move(dir, root.resolve("wrappers.old"));
		Files.createDirectory(dir);
		assertThat(DirectoryStamp.of(dir).fileKey()).isNotEqualTo(empty.fileKey());
		assertThat(DirectoryStamp.of(dir.resolve("missing")).failure()).isEqualTo("missing");
	}

	private boolean poll(DirectoryStamp stamp) {
		boolean rescan = this.decisions.rescanAfter(stamp, this.now, this.nanos);
		this.nanos += POLL.toNanos();
		return rescan;
	}

	private static DirectoryStamp stamp(Instant modified, long links, long size) {
		return new DirectoryStamp("inode 1", modified, links, size, null);
	}

}
