package dev.iaimcp.heartbeat.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the poll rescans, fed stamps and times by hand: what HFS+'s whole-second times and
 * a coarse clock could hide, and what a burst costs.
 */
class PollDecisionsTests {

	private static final Instant SECOND = Instant.parse("2026-05-02T15:00:07Z");

	private final PollDecisions decisions = new PollDecisions();

	private Instant now = SECOND.plusMillis(900);

	@Test
	void changeIsRescannedAtThePollThatSeesItAndOnlyThen() {
		DirectoryStamp before = stamp(SECOND.minusSeconds(60), 96);
		DirectoryStamp after = stamp(SECOND.minusSeconds(30), 128);
		assertThat(poll(before)).as("the first poll only takes note").isFalse();
		assertThat(poll(after)).isTrue();
		assertThat(poll(after)).isFalse();
		assertThat(poll(after)).isFalse();
	}

	@Test
	void streamOfChangesCostsOneRescanPerPoll() {
		poll(stamp(SECOND.minusSeconds(60), 96));
		int rescans = 0;
		for (int i = 1; i <= 8; i++) {
			rescans += poll(stamp(SECOND.minusSeconds(60 - i), 96 + 32 * i)) ? 1 : 0;
		}
		assertThat(rescans).isEqualTo(8);
	}

	@Test
	void entryCreatedWithinTheSameWholeSecondIsSeenByTheSize() {
		// HFS+ keeps whole seconds: both polls read 15:00:07; the size counts entries.
		this.now = SECOND.plusMillis(200);
		assertThat(poll(stamp(SECOND, 102))).isFalse();
		this.now = SECOND.plusMillis(700);
		assertThat(poll(stamp(SECOND, 136))).isTrue();
	}

	@Test
	void refreshWithinTheSameWholeSecondIsRescannedOnceTheGranuleHasPassed() {
		// A rename over an existing heartbeat keeps the size; in the same second the time
		// too.
		DirectoryStamp sameSecond = stamp(SECOND, 136);
		this.now = SECOND.plusMillis(300);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(800);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(1800);
		assertThat(poll(sameSecond)).isFalse();
		this.now = SECOND.plusMillis(2300);
		assertThat(poll(sameSecond)).as("the granule has passed: any hidden change would show now").isTrue();
		this.now = SECOND.plusMillis(2800);
		assertThat(poll(sameSecond)).isFalse();
	}

	@Test
	void stampReadLongAfterItsTimeHidesNothingAndCostsNoRescan() {
		DirectoryStamp settled = stamp(SECOND.minusSeconds(60), 136);
		for (int i = 0; i < 20; i++) {
			assertThat(poll(settled)).isFalse();
		}
	}

	@Test
	void fineTimesAreTrustedAfterFiftyMilliseconds() {
		Instant modified = SECOND.plusMillis(123);
		DirectoryStamp before = stamp(SECOND.minusSeconds(60), 4096);
		DirectoryStamp after = stamp(modified, 4096);
		poll(before);
		this.now = modified.plusMillis(10);
		assertThat(poll(after)).isTrue();
		this.now = modified.plusMillis(510);
		assertThat(poll(after)).as("one confirming rescan").isTrue();
		this.now = modified.plusMillis(1010);
		assertThat(poll(after)).isFalse();
	}

	@Test
	void directoryAtThePathReplacedByAnotherIsAChangeEvenWithTheSameTimes() {
		poll(new DirectoryStamp("inode 1", SECOND.minusSeconds(60), 64, null));
		assertThat(poll(new DirectoryStamp("inode 2", SECOND.minusSeconds(60), 64, null))).isTrue();
	}

	@Test
	void directoryVanishingAndAppearingAreChanges() {
		DirectoryStamp missing = new DirectoryStamp(null, null, -1, "missing");
		DirectoryStamp present = stamp(SECOND.minusSeconds(60), 64);
		poll(present);
		assertThat(poll(missing)).isTrue();
		assertThat(poll(missing)).isFalse();
		assertThat(poll(present)).isTrue();
	}

	@Test
	void stampOfARealDirectoryChangesWithItsEntriesAndIdentity(@TempDir Path root) throws IOException {
		Path dir = Files.createDirectory(root.resolve("wrappers"));
		DirectoryStamp empty = DirectoryStamp.of(dir);
		assertThat(empty.fileKey()).isNotNull();
		Files.writeString(dir.resolve("heartbeat-1-u.json"), "{}");
		assertThat(DirectoryStamp.of(dir)).isNotEqualTo(empty);
		Files.move(dir, root.resolve("wrappers.old"));
		Files.createDirectory(dir);
		assertThat(DirectoryStamp.of(dir).fileKey()).isNotEqualTo(empty.fileKey());
		assertThat(DirectoryStamp.of(dir.resolve("missing")).failure()).isEqualTo("missing");
	}

	private boolean poll(DirectoryStamp stamp) {
		return this.decisions.rescanAfter(stamp, this.now);
	}

	private static DirectoryStamp stamp(Instant modified, long size) {
		return new DirectoryStamp("inode 1", modified, size, null);
	}

}
