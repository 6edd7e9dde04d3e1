package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging files that crashed writers never renamed into place.
 */
class StagingLeftoverTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final FakeProcessProbe probe = new FakeProcessProbe();

	private final HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), this.probe,
			new MutableClock(NOW), null);

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void oldStagingFileOfDeadWriterIsDeleted() {
		Path leftover = staging(100, NOW.minus(Duration.ofMinutes(10)).minusSeconds(1));
		assertThat(cleanUp().leftovers()).extracting(StagingLeftover::file).containsExactly(leftover);
		assertThat(leftover).doesNotExist();
	}

	@Test
	void youngStagingFileStays() {
		Path leftover = staging(100, NOW.minus(Duration.ofMinutes(10)));
		assertThat(cleanUp().leftovers()).isEmpty();
		assertThat(leftover).exists();
	}

	@Test
	void stagingFileOfLiveWriterStays() {
		this.probe.alive(100);
		Path leftover = staging(100, NOW.minus(Duration.ofHours(5)));
		assertThat(cleanUp().leftovers()).isEmpty();
		assertThat(leftover).exists();
	}

	@Test
	void stagingNamedLinkOrDirectoryIsNeverDeleted() throws IOException {
		Path target = HeartbeatFiles.writeRaw(this.fileSystem.getPath("/elsewhere"), "precious", "keep",
				NOW.minus(Duration.ofHours(5)));
		Files.createDirectories(this.dir);
		Path link = Files.createSymbolicLink(this.dir.resolve("heartbeat-100-u.json.1a2b.tmp"), target);
		Path directory = Files.createDirectory(this.dir.resolve("heartbeat-100-v.json.3c4d.tmp"));
		Files.setLastModifiedTime(directory, FileTime.from(NOW.minus(Duration.ofHours(5))));
		assertThat(cleanUp().leftovers()).isEmpty();
		assertThat(link).isSymbolicLink();
		assertThat(target).exists();
		assertThat(directory).isDirectory();
	}

	@Test
	void stagingFilesAreNeitherHeartbeatsNorSkipped() {
		staging(100, NOW);
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).isEmpty();
		assertThat(scan.skipped().items()).isEmpty();
	}

	private Path staging(long pid, Instant modified) {
		return HeartbeatFiles.writeRaw(this.dir, "heartbeat-" + pid + "-u.json.9f8e7d6c-5b4a.tmp", "{\"pid\":",
				modified);
	}

	private DeleteWhatIsOffered cleanUp() {
		DeleteWhatIsOffered cleanup = new DeleteWhatIsOffered();
		this.scanner.scan(cleanup);
		return cleanup;
	}

}
