package dev.iaimcp.heartbeat.presence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State files on a real file system that jimfs cannot make: a FIFO, whose opening would
 * block until a writer comes, and a link to a device that never ends.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SpecialStateFileTests {

	@TempDir
	Path store;

	@Test
	void fifoIsIgnoredWithoutBlocking(CapturedOutput output) throws Exception {
		Path file = this.store.resolve(PresenceStateFile.FILE_NAME);
		assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
		Optional<PresenceRecord> memory = storeOf(file).load();
		assertThat(memory).isEmpty();
		assertThat(warnings(output)).singleElement()
			.asString()
			.contains("WARN", "Ignoring the presence state in " + file, "not a regular file");
	}

	@Test
	void linkToAnEndlessDeviceIsIgnoredWithoutReading(CapturedOutput output) throws Exception {
		Path file = Files.createSymbolicLink(this.store.resolve(PresenceStateFile.FILE_NAME), Path.of("/dev/zero"));
		Optional<PresenceRecord> memory = storeOf(file).load();
		assertThat(memory).isEmpty();
		assertThat(warnings(output)).singleElement().asString().contains("WARN", "symbolic link");
	}

	@Test
	void fifoIsReplacedBySaving() throws Exception {
		Path file = this.store.resolve(PresenceStateFile.FILE_NAME);
		assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
		PresenceStateFile store = storeOf(file);
		PresenceRecord memory = PresenceRecord.firstStart(Instant.parse("2026-05-02T14:00:00Z"));
		assertThat(store.save(memory)).isTrue();
		assertThat(store.load()).contains(memory);
	}

	// JUnit itself warns when it deletes the link to /dev/zero after the test.
	private static Stream<String> warnings(CapturedOutput output) {
		return output.toString().lines().filter((line) -> line.contains(PresenceStateFile.class.getSimpleName()));
	}

	private static PresenceStateFile storeOf(Path file) {
		return new PresenceStateFile(file, new MutableClock(Instant.parse("2026-05-02T15:00:00Z")));
	}

}
