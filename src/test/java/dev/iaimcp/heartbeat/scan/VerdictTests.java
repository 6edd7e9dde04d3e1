package dev.iaimcp.heartbeat.scan;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.process.ProcessStart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that turns what a heartbeat says and what the process table says into FRESH,
 * STALE or ORPHAN.
 */
class VerdictTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final Instant WRITER_START = NOW.minusSeconds(3600);

	private static final ProcessLiveness WRITER = ProcessLiveness.alive(new ProcessStart(1, Duration.ofSeconds(3601)));

	private final Verdict verdict = new Verdict(Duration.ofSeconds(90));

	@Test
	void recentHeartbeatOfItsOwnLiveProcessIsFresh() {
		assertThat(judge("u", NOW.minusSeconds(10), WRITER)).isEqualTo(HeartbeatStatus.FRESH);
	}

	@Test
	void staleWinsOverADeadProcess() {
		assertThat(judge("u", NOW.minusSeconds(91), ProcessLiveness.DEAD)).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void staleWinsOverAReusedPid() {
		assertThat(judge("u", NOW.minusSeconds(91), startedAgo(2, 30))).isEqualTo(HeartbeatStatus.STALE);
	}

	@Test
	void recentHeartbeatOfADeadProcessIsOrphan() {
		assertThat(judge("u", NOW.minusSeconds(10), ProcessLiveness.DEAD)).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void recentHeartbeatOfAPidReusedByANewerProcessIsOrphan() {
		assertThat(judge("u", NOW.minusSeconds(10), startedAgo(2, 5))).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void writersBeyondWhatIsRememberedAreJudgedAsIfNeverSeen() {
		Instant lastRefresh = NOW.minusSeconds(60);
		ProcessLiveness shortLivedWriter = startedAgo(1, 80);
		ProcessLiveness laterProcess = startedAgo(2, 50);
		for (int i = 0; i < Verdict.REMEMBERED_WRITERS; i++) {
			assertThat(judge(lastRefresh.minusSeconds(20), "remembered-" + i, lastRefresh, shortLivedWriter))
				.isEqualTo(HeartbeatStatus.FRESH);
		}
		assertThat(judge(lastRefresh.minusSeconds(20), "one-too-many", lastRefresh, shortLivedWriter))
			.isEqualTo(HeartbeatStatus.FRESH);
		assertThat(judge(lastRefresh.minusSeconds(20), "remembered-0", lastRefresh, laterProcess))
			.as("a remembered writer's pid now names another process")
			.isEqualTo(HeartbeatStatus.ORPHAN);
		assertThat(judge(lastRefresh.minusSeconds(20), "one-too-many", lastRefresh, laterProcess))
			.as("the process started after the last refresh, but ran longer than the writer had lived")
			.isEqualTo(HeartbeatStatus.FRESH);
	}

	private static ProcessLiveness startedAgo(long identity, long seconds) {
		return ProcessLiveness.alive(new ProcessStart(identity, Duration.ofSeconds(seconds)));
	}

	private HeartbeatStatus judge(String uuid, Instant lastRefresh, ProcessLiveness process) {
		return judge(WRITER_START, uuid, lastRefresh, process);
	}

	private HeartbeatStatus judge(Instant writerStart, String uuid, Instant lastRefresh, ProcessLiveness process) {
		Heartbeat heartbeat = new Heartbeat(100, uuid, writerStart, lastRefresh, lastRefresh,
				new FileStamp(uuid, FileTime.from(lastRefresh)));
		return this.verdict.judge(NOW, Path.of("heartbeat-100-" + uuid + ".json"), heartbeat, lastRefresh, process);
	}

}
