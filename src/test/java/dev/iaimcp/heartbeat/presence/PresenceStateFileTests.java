package dev.iaimcp.heartbeat.presence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.scan.HeartbeatScanner;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PresenceStateFileTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:00:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path wrappersDir = this.fileSystem.getPath("/home/user/.iai-mcp/wrappers");

	private final Path file = PresenceStateFile.beside(this.wrappersDir);

	private final PresenceStateFile store = new PresenceStateFile(this.file, new MutableClock(NOW));

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void stateFileLivesBesideTheWrappersDirectory() {
		assertThat(this.file).hasToString("/home/user/.iai-mcp/heartbeat-scanner-state.json");
	}

	@Test
	void savedMemoryIsLoadedBack() {
		PresenceRecord memory = new PresenceRecord(PresenceState.DROWSY, NOW.minusSeconds(60), NOW.minusSeconds(360),
				NOW.minusSeconds(360));
		assertThat(this.store.save(memory)).isTrue();
		assertThat(this.store.load()).contains(memory);
	}

	@Test
	void memoryWithoutAnySightingIsLoadedBack() {
		PresenceRecord memory = PresenceRecord.firstStart(NOW.minusSeconds(60));
		this.store.save(memory);
		assertThat(this.store.load()).contains(memory);
	}

	@Test
	void savedFileIsSmallReadableJson() throws IOException {
		this.store.save(new PresenceRecord(PresenceState.IDLE, NOW, NOW.minusSeconds(1800), NOW.minusSeconds(1800)));
		assertThat(Files.readString(this.file)).isEqualTo("{\"state\":\"IDLE\",\"since\":\"2026-05-02T15:00:00Z\","
				+ "\"lastFreshAt\":\"2026-05-02T14:30:00Z\",\"lastPresenceAt\":\"2026-05-02T14:30:00Z\"}");
	}

	@Test
	void saveReplacesTheFileAndLeavesNoTemporaryFileBehind() throws IOException {
		this.store.save(PresenceRecord.firstStart(NOW.minusSeconds(60)));
		PresenceRecord later = PresenceRecord.firstStart(NOW);
		this.store.save(later);
		assertThat(this.store.load()).contains(later);
		try (var files = Files.list(this.file.getParent())) {
			assertThat(files).containsExactly(this.file);
		}
	}

	@Test
	void missingFileIsNoMemoryAndNoWarning(CapturedOutput output) {
		assertThat(this.store.load()).isEmpty();
		assertThat(output).doesNotContain("WARN");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "null", "[]",
			"{\"state\":\"SLEEPY\",\"since\":\"2026-05-02T14:00:00Z\","
					+ "\"lastPresenceAt\":\"2026-05-02T14:00:00Z\"}",
			"{\"state\":\"IDLE\",\"lastPresenceAt\":\"2026-05-02T14:00:00Z\"}",
			"{\"state\":\"IDLE\",\"since\":\"yesterday\",\"lastPresenceAt\":\"2026-05-02T14:00:00Z\"}",
			"{\"state\":\"IDLE\",\"since\":1e300,\"lastPresenceAt\":\"2026-05-02T14:00:00Z\"}",
			"{\"state\":\"IDLE\",\"since\":\"+1000000000-01-01T00:00:00Z\",\"lastPresenceAt\":\"2026-05-02T14:00:00Z\"}" })
	void corruptFileIsIgnoredWithOneWarning(String content, CapturedOutput output) throws IOException {
		write(content);
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement()
			.asString()
			.contains("WARN", "Ignoring the presence state in " + this.file);
	}

	@Test
	void futureDatedFileIsIgnoredWithOneWarning(CapturedOutput output) {
		this.store.save(PresenceRecord.firstStart(NOW.plus(HeartbeatScanner.CLOCK_SKEW_TOLERANCE).plusMillis(1)));
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement().asString().contains("WARN", "dated in the future");
	}

	@Test
	void fileAheadWithinTheClockSkewToleranceIsTrusted() {
		PresenceRecord memory = PresenceRecord.firstStart(NOW.plus(HeartbeatScanner.CLOCK_SKEW_TOLERANCE));
		this.store.save(memory);
		assertThat(this.store.load()).contains(memory);
	}

	@Test
	void fileDatedBeforeAnyWrapperExistedIsIgnoredWithOneWarning(CapturedOutput output) throws IOException {
		write("""
				{"state": "IDLE", "since": "-999999999-01-01T00:00:00Z", "lastPresenceAt": "-999999999-01-01T00:00:00Z"}""");
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement().asString().contains("WARN", "dated before 2000");
	}

	@Test
	void fileWithAnEarlyButPlausibleDateIsTrusted() {
		PresenceRecord memory = PresenceRecord.firstStart(PresenceStateFile.EARLIEST_TRUSTED);
		this.store.save(memory);
		assertThat(this.store.load()).contains(memory);
	}

	@Test
	void stateFileOfThePreviousReleaseIsLoaded() throws IOException {
		write("{\"state\":\"ACTIVE\",\"since\":\"2026-05-02T14:50:00Z\",\"lastFreshAt\":null,"
				+ "\"lastPresenceAt\":\"2026-05-02T14:50:00Z\"}");
		assertThat(this.store.load()).contains(new PresenceRecord(PresenceState.ACTIVE,
				Instant.parse("2026-05-02T14:50:00Z"), null, Instant.parse("2026-05-02T14:50:00Z")));
	}

	@Test
	void stateThatIsNoObservationIsIgnoredWithOneWarning(CapturedOutput output) throws IOException {
		write("{\"state\":\"UNKNOWN\",\"since\":\"2026-05-02T14:50:00Z\",\"lastFreshAt\":null,"
				+ "\"lastPresenceAt\":\"2026-05-02T14:50:00Z\"}");
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement().asString().contains("WARN", "not a valid presence state");
	}

	@Test
	void symbolicLinkIsIgnoredWithoutReadingItsTarget(CapturedOutput output) throws IOException {
		Path secret = Files.writeString(this.fileSystem.getPath("/secret.txt"), "secret hunter2");
		Files.createDirectories(this.file.getParent());
		Files.createSymbolicLink(this.file, secret);
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement()
			.asString()
			.contains("WARN", "Ignoring the presence state in " + this.file, "symbolic link")
			.doesNotContain("secret", "hunter2");
	}

	@Test
	void invalidContentIsNotQuotedInTheWarning(CapturedOutput output) throws IOException {
		write("secret hunter2");
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement()
			.asString()
			.contains("WARN", "not a valid presence state")
			.doesNotContain("secret", "hunter2");
	}

	@Test
	void fileLargerThanTheLimitIsIgnoredUnread(CapturedOutput output) throws IOException {
		write("{\"state\": \"IDLE\"" + " ".repeat(PresenceStateFile.MAX_BYTES) + "}");
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement()
			.asString()
			.contains("WARN", "larger than " + PresenceStateFile.MAX_BYTES + " bytes");
	}

	@Test
	void directoryIsIgnoredWithOneWarning(CapturedOutput output) throws IOException {
		Files.createDirectories(this.file);
		assertThat(this.store.load()).isEmpty();
		assertThat(output.toString().lines()).singleElement().asString().contains("WARN", ": directory");
	}

	@Test
	void saveNeverWritesThroughALinkPlantedAtTheTemporaryName() throws IOException {
		Path victim = Files.writeString(this.fileSystem.getPath("/victim.txt"), "precious");
		Files.createDirectories(this.file.getParent());
		Path temp = this.file.resolveSibling(PresenceStateFile.FILE_NAME + ".tmp");
		Files.createSymbolicLink(temp, victim);
		PresenceRecord memory = PresenceRecord.firstStart(NOW);
		assertThat(this.store.save(memory)).isTrue();
		assertThat(victim).hasContent("precious");
		assertThat(this.store.load()).contains(memory);
		assertThat(temp).doesNotExist();
	}

	@Test
	void temporaryFileLeftByACrashDoesNotBlockSaving() throws IOException {
		Files.createDirectories(this.file.getParent());
		Path temp = Files.writeString(this.file.resolveSibling(PresenceStateFile.FILE_NAME + ".tmp"), "{\"sta");
		PresenceRecord memory = PresenceRecord.firstStart(NOW);
		assertThat(this.store.save(memory)).isTrue();
		assertThat(this.store.load()).contains(memory);
		assertThat(temp).doesNotExist();
	}

	@Test
	void saveReplacesALinkAtTheStateFileInsteadOfWritingThroughIt() throws IOException {
		Path victim = Files.writeString(this.fileSystem.getPath("/victim.txt"), "precious");
		Files.createDirectories(this.file.getParent());
		Files.createSymbolicLink(this.file, victim);
		PresenceRecord memory = PresenceRecord.firstStart(NOW);
		assertThat(this.store.save(memory)).isTrue();
		assertThat(victim).hasContent("precious");
		assertThat(this.file).isRegularFile();
		assertThat(this.store.load()).contains(memory);
	}

	@Test
	void saveFailureIsReportedOnceWhileItLasts(CapturedOutput output) throws IOException {
		Files.createDirectories(this.file.getParent().getParent());
		Files.writeString(this.file.getParent(), "a file where the directory should be");
		assertThat(this.store.save(PresenceRecord.firstStart(NOW))).isFalse();
		assertThat(this.store.save(PresenceRecord.firstStart(NOW.plusSeconds(1)))).isFalse();
		assertThat(output.toString().lines().filter((line) -> line.contains("Cannot save presence state"))).hasSize(1);
	}

	private void write(String content) throws IOException {
		Files.createDirectories(this.file.getParent());
		Files.write(this.file, content.getBytes(StandardCharsets.UTF_8));
	}

}
