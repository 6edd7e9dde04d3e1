package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

import dev.iaimcp.heartbeat.process.ProcessProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files in a real directory whose names match but that are no heartbeats we may trust.
 */
class HostileFilesTests {

	private static final String DEAD_OLD_PAYLOAD = """
			{"pid": 999999999, "uuid": "u", "last_refresh": "2020-01-01T00:00:00Z"}""";

	@TempDir
	Path dir;

	@TempDir
	Path elsewhere;

	@Test
	void symbolicLinkIsSkippedNeverFollowedNorDeleted() throws IOException {
		Path target = Files.writeString(this.elsewhere.resolve("precious.json"), DEAD_OLD_PAYLOAD);
		Path link = Files.createSymbolicLink(this.dir.resolve("heartbeat-999999999-u.json"), target);
		Scan scan = cleanUp(scanner());
		assertThat(scan.entries()).isEmpty();
		assertThat(scan.skipped().items()).singleElement().satisfies((skip) -> {
			assertThat(skip.file()).isEqualTo(link);
			assertThat(skip.reason()).isEqualTo("symbolic link");
		});
		assertThat(link).isSymbolicLink();
		assertThat(target).hasContent(DEAD_OLD_PAYLOAD);
	}

	@Test
	@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
	void fifoIsSkippedWithoutBlockingTheScan() throws Exception {
		Path fifo = this.dir.resolve("heartbeat-999999999-fifo.json");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
		Scan scan = cleanUp(scanner());
		assertThat(scan.skipped().items()).singleElement()
			.satisfies((skip) -> assertThat(skip.reason()).isEqualTo("not a regular file"));
		assertThat(fifo).exists();
	}

	@Test
	void socketIsSkipped() throws IOException {
		Path socket = this.dir.resolve("heartbeat-999999999-sock.json");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			Scan scan = cleanUp(scanner());
			assertThat(scan.skipped().items()).singleElement()
				.satisfies((skip) -> assertThat(skip.reason()).isEqualTo("not a regular file"));
			assertThat(socket).exists();
		}
	}

	@Test
	@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
	void characterDeviceIsSkippedAndKept() throws Exception {
		Path device = this.dir.resolve("heartbeat-999999999-null.json");
		Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start();
		assumeTrue(mknod.waitFor() == 0, "mknod needs root");
		Scan scan = cleanUp(scanner());
		assertThat(scan.skipped().items()).singleElement()
			.satisfies((skip) -> assertThat(skip.reason()).isEqualTo("not a regular file"));
		assertThat(device).exists();
	}

	@Test
	void directoryNamedLikeAHeartbeatIsSkippedAndKept() throws IOException {
		Path directory = Files.createDirectory(this.dir.resolve("heartbeat-999999999-dir.json"));
		Scan scan = cleanUp(scanner());
		assertThat(scan.skipped().items()).singleElement()
			.satisfies((skip) -> assertThat(skip.reason()).isEqualTo("directory"));
		assertThat(directory).isDirectory();
	}

	@Test
	void fileLargerThanTheLimitIsJudgedLikeATornWrite() throws IOException {
		String payload = "{\"pid\": 5, \"uuid\": \"payload\", \"last_refresh\": \"" + Instant.now() + "\"}";
		char[] padding = new char[HeartbeatReader.MAX_BYTES];
		Arrays.fill(padding, ' ');
		Files.writeString(this.dir.resolve("heartbeat-6-name.json"), payload + new String(padding));
		assertThat(scanner().scan(ScanObserver.NONE).entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.pid()).isEqualTo(6);
			assertThat(entry.uuid()).isEqualTo("name");
		});
	}

	@Test
	void fileExactlyAtTheLimitIsRead() throws IOException {
		String payload = "{\"pid\": 5, \"uuid\": \"payload\", \"last_refresh\": \"" + Instant.now() + "\"}";
		char[] padding = new char[HeartbeatReader.MAX_BYTES - payload.length()];
		Arrays.fill(padding, ' ');
		Files.writeString(this.dir.resolve("heartbeat-6-name.json"), payload + new String(padding));
		assertThat(scanner().scan(ScanObserver.NONE).entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.uuid()).isEqualTo("payload"));
	}

	private HeartbeatScanner scanner() {
		return new HeartbeatScanner(this.dir, Duration.ofSeconds(90), ProcessProbe.system(), Clock.systemUTC(),
				FileOwners.currentUid(FileSystems.getDefault()));
	}

	private static Scan cleanUp(HeartbeatScanner scanner) {
		return scanner.scan(new DeleteWhatIsOffered());
	}

}
