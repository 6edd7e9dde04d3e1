package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.iaimcp.heartbeat.process.ProcessLiveness;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes a file holds and whatever it is called, a scan judges it or skips it.
 * Inputs come from a seeded generator, so a failure names the case that reproduces it.
 */
class HeartbeatScannerPropertyTests {

	private static final Instant NOW = Instant.parse("2026-05-02T15:15:00Z");

	private static final int CASES = 500;

	private static final List<String> JSON_FRAGMENTS = List.of("{", "}", "[", "]", ",", ":", "\"pid\"", "\"uuid\"",
			"\"last_refresh\"", "\"started_at\"", "\"2026-05-02T15:14:30.123Z\"", "\"2026-13-45T99:99:99Z\"", "-1", "0",
			"1", "1.5", "1e400", "99999999999999999999999", "true", "null", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", " ",
			"\u00e9", "\"\\\"", "\uffff");

	static Stream<Integer> cases() {
		return IntStream.range(0, CASES).boxed();
	}

	@ParameterizedTest(name = "case {0}")
	@MethodSource("cases")
	void anyBytesAreJudgedNeverThrown(int seed) throws IOException {
		Random random = new Random(seed);
		byte[] content = new byte[random.nextInt(2048)];
		random.nextBytes(content);
		long namePid = Math.floorMod(random.nextLong(), 1_000_000_000_000_000_000L);
		assertThat(scanOne("heartbeat-" + namePid + "-u.json", content).entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.status()).isNotNull());
	}

	@ParameterizedTest(name = "case {0}")
	@MethodSource("cases")
	void anyJsonLikeContentIsJudgedNeverThrown(int seed) throws IOException {
		Random random = new Random(seed);
		StringBuilder content = new StringBuilder();
		for (int i = random.nextInt(40); i > 0; i--) {
			content.append(JSON_FRAGMENTS.get(random.nextInt(JSON_FRAGMENTS.size())));
		}
		assertThat(scanOne("heartbeat-77-u.json", content.toString().getBytes(StandardCharsets.UTF_8)).entries())
			.hasSize(1);
	}

	@ParameterizedTest(name = "case {0}")
	@MethodSource("cases")
	void anyFileNameIsJudgedSkippedOrIgnored(int seed) throws IOException {
		Random random = new Random(seed);
		String middle = randomText(random);
		String name = switch (random.nextInt(4)) {
			case 0 -> "heartbeat-" + middle + ".json";
			case 1 -> "heartbeat-12-" + middle + ".json";
			case 2 -> "heartbeat-12-u.json." + middle + ".tmp";
			default -> (middle.isEmpty() || middle.equals(".") || middle.equals("..")) ? "x" : middle;
		};
		byte[] content = new byte[random.nextInt(256)];
		random.nextBytes(content);
		Scan scan = scanOne(name, content);
		assertThat(scan.listed()).isTrue();
		assertThat(scan.entries().size() + scan.skipped().total()).isLessThanOrEqualTo(1);
	}

	/** Any UTF-16 text a file name can hold: no '/', no NUL; surrogates and all. */
	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(40); i > 0; i--) {
			char c = (char) random.nextInt(Character.MAX_VALUE + 1);
			text.append((c == '/' || c == '\0') ? '_' : c);
		}
		return text.toString();
	}

	private static Scan scanOne(String name, byte[] content) throws IOException {
		try (FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix())) {
			Path dir = Files.createDirectories(fileSystem.getPath("/wrappers"));
			HeartbeatFiles.writeRaw(dir, name, content, NOW.minusSeconds(30));
			HeartbeatScanner scanner = new HeartbeatScanner(dir, Duration.ofSeconds(90), (pid) -> ProcessLiveness.DEAD,
					new MutableClock(NOW), null);
			return scanner.scan(new DeleteWhatIsOffered());
		}
	}

}
