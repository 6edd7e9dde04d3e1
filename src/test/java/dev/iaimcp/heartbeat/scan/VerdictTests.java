package dev.iaimcp.heartbeat.scan;

import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that turns what a heartbeat says and what the process table says into FRESH,
 * STALE or ORPHAN.
 */
class VerdictTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Instant WRITER_START = NOW.minusSeconds(3600);

	private final Verdict verdict = new Verdict(Duration.ofSeconds(90));

	@Test
	void recentHeartbeatOfItsOwnLiveProcessIsFresh() {
		assertThat(judge(NOW.minusSeconds(10), ProcessLiveness.alive(WRITER_START))).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void staleWinsOverADeadProcess() {
		assertThat(judge(NOW.minusSeconds(91), ProcessLiveness.DEAD)).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void staleWinsOverAReusedPid() {
		assertThat(judge(NOW.minusSeconds(91), ProcessLiveness.alive(NOW.minusSeconds(30))))
			.isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void recentHeartbeatOfADeadProcessIsOrphan() {
		assertThat(judge(NOW.minusSeconds(10), ProcessLiveness.DEAD)).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void recentHeartbeatOfAPidReusedByANewerProcessIsOrphan() {
		assertThat(judge(NOW.minusSeconds(10), ProcessLiveness.alive(NOW.minusSeconds(5))))
			.isEqualTo(HeartbeatStatus.ORPHAN);
	}

	private HeartbeatStatus judge(Instant lastRefresh, ProcessLiveness process) {
		Heartbeat heartbeat = new Heartbeat(100, "u", WRITER_START, lastRefresh, lastRefresh,
				new FileStamp(1, FileTime.from(lastRefresh)));
		return this.verdict.judge(NOW, heartbeat, lastRefresh, process);
	}

}
