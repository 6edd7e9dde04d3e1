package dev.iaimcp.heartbeat.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.iaimcp.heartbeat.process.ProcessProbe;
import dev.iaimcp.heartbeat.testsupport.HeartbeatFiles;
import dev.iaimcp.heartbeat.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payloads written to abuse the reader: none crashes a scan, none counts as a live pid.
 * The probe here is the real process table; the file name's pid is one no process has.
 */
class HostilePayloadTests {

	private static final Instant NOW = Instant.now();

	private static final long UNUSED_PID = 999_999_999;

	private final FileSystem fileSystem = Jimfs.newFileSystem(Configuration.unix());

	private final Path dir = this.fileSystem.getPath("/wrappers");

	private final HeartbeatScanner scanner = new HeartbeatScanner(this.dir, Duration.ofSeconds(90),
			ProcessProbe.system(), new MutableClock(NOW), null);

	@AfterEach
	void closeFileSystem() throws IOException {
		this.fileSystem.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "0", "-4194304", "2147483648", "4294967297", "9223372036854775807",
			"9223372036854775808", "-9223372036854775809", "1e3", "1.0", "0.5", "true", "false", "\"1\"", "null", "[1]",
			"{\"pid\": 1}" })
	void abusedPidNeverCountsAsLive(String pid) {
		payload("{\"pid\": " + pid + ", \"uuid\": \"u\", \"last_refresh\": \"" + NOW + "\"}");
		assertThat(onlyEntry().status()).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void deepNestingIsJudgedLikeATornWrite() {
		payload("[".repeat(200_000));
		assertThat(onlyEntry().pid()).isEqualTo(UNUSED_PID);
		payload("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
		assertThat(onlyEntry().pid()).isEqualTo(UNUSED_PID);
	}

	@Test
	void invalidUtf8IsJudgedLikeATornWrite() {
		byte[] prefix = "{\"pid\": 1, \"uuid\": \"".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = ("\", \"last_refresh\": \"" + NOW + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] content = new byte[prefix.length + 2 + suffix.length];
		System.arraycopy(prefix, 0, content, 0, prefix.length);
		content[prefix.length] = (byte) 0xC3;
		content[prefix.length + 1] = (byte) 0x28;
		System.arraycopy(suffix, 0, content, prefix.length + 2, suffix.length);
		HeartbeatFiles.writeRaw(this.dir, fileName(), content, NOW.minusSeconds(5));
		HeartbeatEntry entry = onlyEntry();
		assertThat(entry.pid()).isEqualTo(UNUSED_PID);
		assertThat(entry.status()).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void duplicateKeysTakeTheLastValueAsTheSeedDoes() {
		payload("{\"pid\": 1, \"pid\": " + UNUSED_PID + ", \"uuid\": \"u\", \"last_refresh\": \"" + NOW + "\"}");
		assertThat(onlyEntry().pid()).isEqualTo(UNUSED_PID);
	}

	@Test
	void uuidLongerThanAnyFileNameMakesThePayloadUnusable() {
		String uuid = "u".repeat(60_000);
		payload("{\"pid\": 1, \"uuid\": \"" + uuid + "\", \"last_refresh\": \"" + NOW + "\"}");
		HeartbeatEntry entry = onlyEntry();
		assertThat(entry.pid()).isEqualTo(UNUSED_PID);
		assertThat(entry.uuid()).isEqualTo("u");
	}

	@Test
	void uuidAsLongAsAFileNameAllowsIsKept() {
		String uuid = "u".repeat(255);
		payload("{\"pid\": 1, \"uuid\": \"" + uuid + "\", \"last_refresh\": \"" + NOW + "\"}");
		assertThat(onlyEntry().uuid()).isEqualTo(uuid);
	}

	@Test
	void pidFromTheFileNameBeyondEveryProcessIsDead() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-999999999999999999-u.json", "torn", NOW);
		assertThat(onlyEntry().status()).isEqualTo(HeartbeatStatus.ORPHAN);
	}

	@Test
	void pidFromTheFileNameTooLongForALongIsSkipped() {
		HeartbeatFiles.writeRaw(this.dir, "heartbeat-99999999999999999999-u.json", "torn", NOW);
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).isEmpty();
		assertThat(scan.skipped().total()).isEqualTo(1);
	}

	private void payload(String json) {
		HeartbeatFiles.writeRaw(this.dir, fileName(), json, NOW.minusSeconds(5));
	}

	private static String fileName() {
		return "heartbeat-" + UNUSED_PID + "-u.json";
	}

	private HeartbeatEntry onlyEntry() {
		Scan scan = this.scanner.scan(ScanObserver.NONE);
		assertThat(scan.entries()).hasSize(1);
		return scan.entries().get(0);
	}

}
