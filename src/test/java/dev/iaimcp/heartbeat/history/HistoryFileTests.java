package dev.iaimcp.heartbeat.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.presence.PresenceState;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history file beside the wrappers directory: what is saved is read back, and what
 * anyone else put there is read as warily as a heartbeat.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class HistoryFileTests {

	private static final Instant NOW = Instant.parse("2026-12-06T16:00:00Z");

	private final FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());

	private final MutableClock clock = new MutableClock(NOW);

	private final HistoryFile file = HistoryFile.beside(this.jimfs.getPath("/home/me/.iai-mcp/wrappers"), this.clock);

	@TempDir
	Path realDir;

	@AfterEach
	void closeFileSystem() throws IOException {
		this.jimfs.close();
	}

	@Test
	void itLivesBesideTheWrappersDirectory() {
		assertThat(this.file.path()).hasToString("/home/me/.iai-mcp/heartbeat-scanner-history.jsonl");
	}

	@Test
	void whatIsSavedIsReadBackAsItWas() {
		List<HistoryEvent> events = List.of(HistoryEvent.serviceStarted(NOW.minusSeconds(60)),
				HistoryEvent.arrived(NOW.minusSeconds(50), 4242, "aaaa-1", "heartbeat-4242-aaaa-1.json"),
				HistoryEvent.presenceChanged(NOW.minusSeconds(50), PresenceState.ABSENT, PresenceState.ACTIVE),
				HistoryEvent.departed(NOW.minusSeconds(10), 4242, "aaaa-1", "heartbeat-4242-aaaa-1.json",
						DepartureReason.PROCESS_ENDED, "pid 4242 is not running; here for 40 s"),
				HistoryEvent.cleanedUp(NOW, 4242, "aaaa-1", "heartbeat-4242-aaaa-1.json", "by the tick: ORPHAN"),
				HistoryEvent.serviceStopped(NOW));
		assertThat(this.file.save(events)).isTrue();
		assertThat(this.file.load()).isEqualTo(events);
	}

	@Test
	void eachEventIsOneLineOfJsonWithoutItsUnsetFields() throws IOException {
		this.file.save(List.of(HistoryEvent.serviceStarted(NOW),
				HistoryEvent.presenceChanged(NOW, PresenceState.ABSENT, PresenceState.ACTIVE)));
		assertThat(Files.readAllLines(this.file.path())).containsExactly(
				"{\"at\":\"2026-12-06T16:00:00Z\",\"kind\":\"SERVICE_STARTED\"}",
				"{\"at\":\"2026-12-06T16:00:00Z\",\"kind\":\"PRESENCE_CHANGED\",\"from\":\"ABSENT\",\"to\":\"ACTIVE\"}");
	}

	@Test
	void noFileIsAnEmptyHistoryWithoutAWord(CapturedOutput output) {
		assertThat(this.file.load()).isEmpty();
		assertThat(warnings(output)).isEmpty();
	}

	@Test
	void malformedLinesAreSkippedWithOneWarningForThemAll(CapturedOutput output) throws IOException {
		String good = "{\"at\":\"2026-12-06T15:00:00Z\",\"kind\":\"SERVICE_STARTED\"}";
		writeLines(good, "not json", "{\"at\":\"2026-12-06T15:00:00Z\",\"kind\":\"SOMETHING_ELSE\"}",
				"{\"kind\":\"SERVICE_STARTED\"}", "{\"at\":\"2099-01-01T00:00:00Z\",\"kind\":\"SERVICE_STARTED\"}",
				"{\"at\":\"1999-01-01T00:00:00Z\",\"kind\":\"SERVICE_STARTED\"}",
				"{\"at\":\"2026-12-06T15:00:00Z\",\"kind\":\"SERVICE_STARTED\",\"detail\":\"" + "x".repeat(2000)
						+ "\"}",
				"", good.replace("STARTED", "STOPPED"));
		assertThat(this.file.load()).extracting(HistoryEvent::kind)
			.containsExactly(HistoryKind.SERVICE_STARTED, HistoryKind.SERVICE_STOPPED);
		assertThat(warnings(output)).singleElement().asString().contains("WARN", "Skipped 6 lines");
	}

	@Test
	void aFileLargerThanTheBoundIsReadOnlyForItsNewestLines(CapturedOutput output) throws IOException {
		List<String> lines = new ArrayList<>();
		String padding = "p".repeat(900);
		IntStream.range(0, 2000)
			.forEach((i) -> lines.add("{\"at\":\"" + NOW.minusSeconds(2000 - i) + "\",\"kind\":\"SERVICE_STARTED\","
					+ "\"detail\":\"" + i + padding + "\"}"));
		writeLines(lines.toArray(String[]::new));
		assertThat(Files.size(this.file.path())).isGreaterThan(HistoryFile.MAX_BYTES);
		List<HistoryEvent> read = this.file.load();
		assertThat(read).hasSizeLessThanOrEqualTo(HistoryFile.MAX_BYTES / 900).isNotEmpty();
		assertThat(read.get(read.size() - 1).detail()).startsWith("1999p");
		assertThat(warnings(output)).singleElement().asString().contains("larger than 1048576 bytes");
	}

	@Test
	void atMostTheCapacityIsRead() throws IOException {
		writeLines(IntStream.range(0, PresenceHistory.CAPACITY + 10)
			.mapToObj((i) -> "{\"at\":\"" + NOW.minusSeconds(5000 - i) + "\",\"kind\":\"SERVICE_STARTED\"}")
			.toArray(String[]::new));
		List<HistoryEvent> read = this.file.load();
		assertThat(read).hasSize(PresenceHistory.CAPACITY);
		assertThat(read.get(0).at()).isEqualTo(NOW.minusSeconds(4990));
	}

	@Test
	void aSymbolicLinkIsNeverFollowed(CapturedOutput output) throws IOException {
		Path elsewhere = this.jimfs.getPath("/elsewhere.jsonl");
		Files.writeString(elsewhere, "{\"at\":\"2026-12-06T15:00:00Z\",\"kind\":\"SERVICE_STARTED\"}\n");
		Files.createDirectories(this.file.path().getParent());
		Files.createSymbolicLink(this.file.path(), elsewhere);
		assertThat(this.file.load()).isEmpty();
		assertThat(warnings(output)).singleElement().asString().contains("WARN", ": symbolic link");
	}

	@Test
	void aFifoIsIgnoredWithoutBlocking(CapturedOutput output) throws Exception {
		HistoryFile real = HistoryFile.beside(this.realDir.resolve("wrappers"), this.clock);
		assertThat(new ProcessBuilder("mkfifo", real.path().toString()).start().waitFor()).isZero();
		assertThat(real.load()).isEmpty();
		assertThat(warnings(output)).singleElement().asString().contains("WARN", "not a regular file");
	}

	@Test
	void savingReplacesTheFileWholeAndFollowsNoLinkPlantedAtItsTemporaryName() throws IOException {
		this.file.save(List.of(HistoryEvent.serviceStarted(NOW.minusSeconds(5))));
		Path victim = this.jimfs.getPath("/victim");
		Files.writeString(victim, "untouched");
		Files.createSymbolicLink(this.file.path().resolveSibling(HistoryFile.FILE_NAME + ".tmp"), victim);
		assertThat(this.file.save(List.of(HistoryEvent.serviceStopped(NOW)))).isTrue();
		assertThat(Files.readString(victim)).isEqualTo("untouched");
		assertThat(this.file.load()).containsExactly(HistoryEvent.serviceStopped(NOW));
		assertThat(Files.exists(this.file.path().resolveSibling(HistoryFile.FILE_NAME + ".tmp"))).isFalse();
	}

	private void writeLines(String... lines) throws IOException {
		Files.createDirectories(this.file.path().getParent());
		Files.write(this.file.path(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
	}

	private static Stream<String> warnings(CapturedOutput output) {
		return output.toString().lines().filter((line) -> line.contains(HistoryFile.class.getSimpleName()));
	}

}
