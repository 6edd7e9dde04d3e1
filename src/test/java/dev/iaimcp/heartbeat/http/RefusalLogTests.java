package dev.iaimcp.heartbeat.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	private final AtomicLong nanoTime = new AtomicLong(42);

	private final RefusalLog log = new RefusalLog(this.nanoTime::get);

	@Test
	void aFloodLogsAFewLinesAMinuteAndCountsTheRestOnce(CapturedOutput output) {
		for (int i = 0; i < 100; i++) {
			this.log.refused(Refusal.FOREIGN_HOST, request("evil.example"));
		}
		assertThat(refusals(output)).hasSize(RefusalLog.LINES_PER_MINUTE);
		this.nanoTime.addAndGet(Duration.ofSeconds(59).toNanos());
		this.log.refused(Refusal.FOREIGN_HOST, request("evil.example"));
		assertThat(refusals(output)).hasSize(RefusalLog.LINES_PER_MINUTE);
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.refused(Refusal.FOREIGN_HOST, request("evil.example"));
		assertThat(refusals(output)).hasSize(RefusalLog.LINES_PER_MINUTE + 1)
			.last()
			.satisfies((line) -> assertThat(line).endsWith("(98 more refused before, not logged)"));
	}

	@Test
	void theLineNamesTheRuleAndWhatWasSentEscapedAndCutShort(CapturedOutput output) {
		String forged = "evil.example\n2026-01-01 INFO forged line\u001b[2J" + "x".repeat(500);
		this.log.refused(Refusal.FOREIGN_HOST, request(forged));
		assertThat(refusals(output)).singleElement()
			.satisfies((line) -> assertThat(line).contains(
					"Refused GET /actuator/presence with Host \"evil.example\\n2026-01-01 INFO forged line\\u001B[2J")
				.contains("...\", Origin none")
				.doesNotContain("x".repeat(RefusalLog.MAX_VALUE_LENGTH))
				.endsWith("421, " + Refusal.FOREIGN_HOST.rule()));
		assertThat(output.getAll()).doesNotContain("\u001b").doesNotContain("\nforged");
	}

	private static List<String> refusals(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("Refused ")).toList();
	}

	private static MockHttpServletRequest request(String host) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/presence");
		request.addHeader("Host", host);
		return request;
	}

}
