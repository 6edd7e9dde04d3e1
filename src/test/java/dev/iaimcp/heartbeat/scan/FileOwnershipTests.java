package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.FakeProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileOwnershipTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private final FileSystem fileSystem = Jimfs
		.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@Test
	void heartbeatOwnedByAnotherUserIsNeitherTrustedNorDeleted() throws IOException {
		UserPrincipalLookupService users = this.fileSystem.getUserPrincipalLookupService();
		Path mine = HeartbeatFiles.write(this.dir, 100, "mine", NOW.minusSeconds(600));
		Path theirs = HeartbeatFiles.write(this.dir, 200, "theirs", NOW.minusSeconds(600));
		Files.setOwner(mine, users.lookupPrincipalByName("alice"));
		Files.setOwner(theirs, users.lookupPrincipalByName("mallory"));
		int alice = uidOf(mine);
		HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), new FakeProcessProbe(),
				new MutableClock(NOW), alice);
		Scan scan = scanner.scan(new DeleteWhatIsOffered());
		assertThat(scan.entries()).extracting(HeartbeatEntry::file).containsExactly(mine);
		assertThat(scan.skipped().items()).singleElement().satisfies((skip) -> {
			assertThat(skip.file()).isEqualTo(theirs);
			assertThat(skip.reason()).isEqualTo("owned by uid " + uidOf(theirs));
		});
		assertThat(mine).doesNotExist();
		assertThat(theirs).exists();
	}

	@Test
	void realFileOwnedByAnotherUserIsNeitherTrustedNorDeleted(@TempDir Path realDir) throws Exception {
		Integer me = FileOwners.currentUid(FileSystems.getDefault());
		assumeTrue(me != null && me == 0, "giving a file away needs root");
		Path theirs = HeartbeatFiles.write(realDir, 999_999_999, "theirs", NOW);
		assertThat(new ProcessBuilder("chown", "65534", theirs.toString()).start().waitFor()).isZero();
		HeartbeatScanner scanner = new HeartbeatScanner(realDir, Duration.ofSeconds(90), ProcessProbe.system(),
				new MutableClock(NOW), me);
		Scan scan = scanner.scan(new DeleteWhatIsOffered());
		assertThat(scan.skipped().items()).singleElement()
			.satisfies((skip) -> assertThat(skip.reason()).isEqualTo("owned by uid 65534"));
		assertThat(theirs).exists();
	}

	@Test
	void currentUserIsTheProcessOwnerOnTheRealFileSystemOnly() throws IOException {
		Path probe = Files.createTempFile("owner", ".probe");
		try {
			assertThat(FileOwners.currentUid(FileSystems.getDefault())).isEqualTo(uidOf(probe));
		}
		finally {
			Files.delete(probe);
		}
		assertThat(FileOwners.currentUid(this.fileSystem)).isNull();
	}

	private static int uidOf(Path file) throws IOException {
		return (int) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
	}

}
