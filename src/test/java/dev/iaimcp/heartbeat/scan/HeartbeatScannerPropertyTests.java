package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes a file holds and whatever it is called, a scan judges it or skips it.
 */
class HeartbeatScannerPropertyTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	@Property(tries = 500)
	void anyContentIsJudgedNeverThrown(@ForAll @Size(max = 2048) byte[] content, @ForAll("pids") long namePid)
			throws IOException {
		String name = "heartbeat-" + namePid + "-u.json";
		List<HeartbeatEntry> entries = scanOne(name, content).entries();
		assertThat(entries).singleElement().satisfies((entry) -> assertThat(entry.status()).isNotNull());
	}

	@Property(tries = 500)
	void anyJsonLikeContentIsJudgedNeverThrown(@ForAll("jsonish") String content) throws IOException {
		assertThat(scanOne("heartbeat-77-u.json", content.getBytes()).entries()).hasSize(1);
	}

	@Property(tries = 500)
	void anyFileNameIsJudgedSkippedOrIgnored(@ForAll("fileNames") String name, @ForAll @Size(max = 256) byte[] content)
			throws IOException {
		Scan scan = scanOne(name, content);
		assertThat(scan.listed()).isTrue();
		assertThat(scan.entries().size() + scan.skipped().size()).isLessThanOrEqualTo(1);
	}

	@Provide
	Arbitrary<Long> pids() {
		return Arbitraries.longs().between(0, 999_999_999_999_999_999L);
	}

	@Provide
	Arbitrary<String> jsonish() {
		Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"pid\"", "\"uuid\"",
				"\"last_refresh\"", "\"started_at\"", "\"2026-05-02T15:14:30.123Z\"", "\"2026-13-45T99:99:99Z\"",
				"-1", "0", "1", "1.5", "1e400", "99999999999999999999999", "true", "null", "\"x\"", "\"\\u0000\"",
				"\"\\ud800\"", " ");
		return fragments.list().ofMaxSize(40).map((parts) -> String.join("", parts));
	}

	@Provide
	Arbitrary<String> fileNames() {
		Arbitrary<String> middle = Arbitraries.strings()
			.all()
			.ofMaxLength(40)
			.map((text) -> text.replace('/', '_').replace('\0', '_'));
		return Arbitraries.oneOf(middle.map((text) -> "heartbeat-" + text + ".json"),
				middle.map((text) -> "heartbeat-12-" + text + ".json"),
				middle.map((text) -> "heartbeat-12-u.json." + text + ".tmp"),
				middle.filter((text) -> !text.isEmpty() && !text.equals(".") && !text.equals("..")));
	}

	private static Scan scanOne(String name, byte[] content) throws IOException {
		try (FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix())) {
			Path dir = Files.createDirectories(fileSystem.getPath("/wrappers"));
			HeartbeatFiles.writeRaw(dir, name, content, NOW.minusSeconds(30));
			HeartbeatScanner scanner = new HeartbeatScanner(dir, Duration.ofSeconds(90), (pid) -> ProcessLiveness.DEAD,
					new MutableClock(NOW), null);
			Scan scan = scanner.scan();
			scanner.delete(scan.entries(), scan.leftovers());
			return scan;
		}
	}

}
