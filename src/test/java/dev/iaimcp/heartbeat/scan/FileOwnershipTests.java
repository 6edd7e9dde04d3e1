package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
		HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90), new FakeProcessProbe(),
				new MutableClock(NOW), users.lookupPrincipalByName("alice"));
		Scan scan = scanner.scan();
		scanner.delete(scan.entries(), scan.leftovers());
		assertThat(scan.entries()).extracting(HeartbeatEntry::file).containsExactly(mine);
		assertThat(scan.skipped()).singleElement().satisfies((skip) -> {
			assertThat(skip.file()).isEqualTo(theirs);
			assertThat(skip.reason()).isEqualTo("owned by mallory");
		});
		assertThat(mine).doesNotExist();
		assertThat(theirs).exists();
	}

	@Test
	void currentUserIsTheTrustedOwnerWhereTheFileSystemHasOwners() {
		UserPrincipal user = FileOwners.currentUser(this.fileSystem);
		assertThat(user).isNotNull();
		assertThat(user.getName()).isEqualTo(System.getProperty("user.name"));
		try (FileSystem withoutOwners = Jimfs.newFileSystem(Configuration.unix())) {
			assertThat(FileOwners.currentUser(withoutOwners)).isNull();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
